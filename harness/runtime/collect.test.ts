import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES, type HarnessError } from '../errors.js'
import { collectScenarios, findScenarioFiles } from './collect.js'
import { globToRegExp } from './glob.js'

const INDEX = path.resolve(import.meta.dirname, '../index.ts')
const scenarioSource = (name: string) =>
  `import { defineScenario } from '${INDEX}'\nexport default defineScenario({ name: '${name}', async run() {} })\n`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-collect-'))
  await mkdir(path.join(dir, 'good/nested'), { recursive: true })
  await writeFile(path.join(dir, 'good/logs-one.ts'), scenarioSource('logs/one'))
  await writeFile(path.join(dir, 'good/ecr-two.ts'), scenarioSource('ecr/two'))
  await writeFile(path.join(dir, 'good/ecr-two.test.ts'), 'throw new Error("tests are not scenarios")\n')
  await writeFile(path.join(dir, 'good/nested/ec2-three.ts'), scenarioSource('ec2/three'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('globToRegExp', () => {
  it.each([
    ['/a/*.ts', '/a/x.ts', true],
    ['/a/*.ts', '/a/b/x.ts', false],
    ['/a/**/*.ts', '/a/x.ts', true],
    ['/a/**/*.ts', '/a/b/c/x.ts', true],
    ['/a/{x,y}.ts', '/a/y.ts', true],
    ['/a/?.ts', '/a/xy.ts', false],
    ['/a.b/*.ts', '/aXb/x.ts', false],
  ])('%s matches %s: %s', (pattern, file, expected) => {
    expect(globToRegExp(pattern).test(file)).toBe(expected)
  })
})

describe('collectScenarios', () => {
  it('finds scenario files, leaving out tests', () => {
    const files = findScenarioFiles([path.join(dir, 'good/**/*.ts')]).map((f) => path.relative(dir, f))
    expect(files).toEqual(['good/ecr-two.ts', 'good/logs-one.ts', 'good/nested/ec2-three.ts'])
  })

  it('loads every scenario, and filters by name, glob or file name', async () => {
    const globs = [path.join(dir, 'good/**/*.ts')]
    expect((await collectScenarios(globs, [])).map((s) => s.scenario.name)).toEqual([
      'ecr/two',
      'logs/one',
      'ec2/three',
    ])
    expect((await collectScenarios(globs, ['logs/*'])).map((s) => s.scenario.name)).toEqual(['logs/one'])
    expect((await collectScenarios(globs, ['ec2-three', 'ecr/two'])).map((s) => s.scenario.name)).toEqual([
      'ecr/two',
      'ec2/three',
    ])
  })

  it('is a usage error when a filter matches nothing', async () => {
    await expect(collectScenarios([path.join(dir, 'good/*.ts')], ['s3/*'])).rejects.toMatchObject({ code: 'USAGE' })
  })

  it('Given a path-shaped filter, When it matches nothing, Then the error says what filters match and lists every scenario', async () => {
    const error = await collectScenarios([path.join(dir, 'good/**/*.ts')], ['good/*.ts']).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'USAGE',
      message:
        '--scenario good/*.ts matches no scenario. A filter matches a scenario name or a file name without folder ' +
        'and extension, exactly or with * wildcards. Available scenarios: ec2/three, ecr/two, logs/one.',
    })
    expect(EXIT_CODES[(error as HarnessError).code]).toBe(2)
  })

  it.each([
    ['no default export', 'export const x = 1\n', 'has no default export'],
    [
      'a plain object',
      "export default { name: 'x', run: async () => {} }\n",
      "does not default-export a defineScenario({ … }) object (it exports a plain object: wrap it, import { defineScenario } from 'harness')",
    ],
    [
      'a field defineScenario does not take (QA: ignored silently)',
      `import { defineScenario } from '${INDEX}'\nexport default defineScenario({ name: 'x', operation: ['logs:CreateLogGroup'], async run() {} } as never)\n`,
      'defineScenario does not take "operation" (it takes name, description, operations, run)',
    ],
    ['a load failure', "throw new Error('kaput')\n", 'failed to load: kaput'],
  ])('names the file when it has %s', async (_case, source, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.ts`)
    await writeFile(file, source)
    await expect(collectScenarios([file], [])).rejects.toMatchObject({
      code: 'SCENARIO_INVALID',
      message: expect.stringContaining(
        `Scenario file ${file}${message.startsWith('defineScenario') ? ':' : ''} ${message}`,
      ),
    })
  })

  it('rejects two files declaring the same scenario name', async () => {
    await mkdir(path.join(dir, 'dupes'))
    await writeFile(path.join(dir, 'dupes/a.ts'), scenarioSource('same'))
    await writeFile(path.join(dir, 'dupes/b.ts'), scenarioSource('same'))
    await expect(collectScenarios([path.join(dir, 'dupes/*.ts')], [])).rejects.toMatchObject({
      code: 'SCENARIO_INVALID',
    })
  })

  it('rejects declared operations that are not IAM actions, naming the file and the bad entry', async () => {
    await mkdir(path.join(dir, 'bad-ops'))
    const file = path.join(dir, 'bad-ops/x.ts')
    await writeFile(
      file,
      `import { defineScenario } from '${INDEX}'\nexport default defineScenario({ name: 'x', operations: ['logs:CreateLogGroup', 'CreateLogGroup'], async run() {} })\n`,
    )
    const error = await collectScenarios([file], []).catch((caught: HarnessError) => caught)
    expect(error).toMatchObject({ code: 'SCENARIO_INVALID' })
    expect((error as HarnessError).message).toContain(file)
    expect((error as HarnessError).message).toContain('"CreateLogGroup"')
  })
})
