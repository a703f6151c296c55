import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findConfigFile, findProject, loadConfig } from './load.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-config-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(dir, 'p-'))
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, name), content)
  return root
}

describe('loadConfig', () => {
  it('finds ./harness.config.ts and resolves it with env and flags', async () => {
    const cwd = await project({ 'harness.config.ts': `export default { regions: ['eu-west-1'], reportsDir: 'out' }\n` })
    const config = await loadConfig({ cwd, env: { HARNESS_POLICY: 'ci.json' }, flags: { concurrency: 2 } })
    expect(config).toMatchObject({
      configFile: path.join(cwd, 'harness.config.ts'),
      regions: ['eu-west-1'],
      reportsDir: path.join(cwd, 'out'),
      policyFile: path.join(cwd, 'ci.json'),
      concurrency: 2,
    })
  })

  it('uses defaults when there is no config file', async () => {
    const cwd = await project({})
    expect(findConfigFile(cwd)).toBeUndefined()
    expect((await loadConfig({ cwd, env: {}, flags: {} })).target).toBe('local')
  })

  it.each([
    ['a --config file that does not exist', {}, 'missing.ts', 'does not exist'],
    ['no default export', { 'c.ts': 'export const regions = []\n' }, 'c.ts', 'has no default export'],
    ['a syntax error', { 'c.ts': 'export default {\n' }, 'c.ts', 'failed to load'],
    ['an invalid field', { 'c.ts': `export default { reportsDir: 7 }\n` }, 'c.ts', 'c.ts: reportsDir:'],
  ])('is CONFIG_INVALID naming the file for %s', async (_case, files, configFile, message) => {
    const cwd = await project(files)
    await expect(loadConfig({ cwd, env: {}, flags: {}, configFile })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(message),
    })
    await expect(loadConfig({ cwd, env: {}, flags: {}, configFile })).rejects.toThrow(path.join(cwd, configFile))
  })

  it('finds the project from any subdirectory, like git and npm: the config file first, then package.json', async () => {
    const withConfig = await project({ 'harness.config.ts': `export default { reportsDir: 'out' }\n` })
    const deep = path.join(withConfig, 'src', 'nested')
    await mkdir(deep, { recursive: true })
    const config = await loadConfig({ cwd: deep, env: {}, flags: {} })
    expect(config.configFile).toBe(path.join(withConfig, 'harness.config.ts'))
    expect(config.reportsDir).toBe(path.join(withConfig, 'out'))
    expect(config.policyFile).toBe(path.join(withConfig, 'scenarios/minimal-policy.json'))

    const npmProject = await project({ 'package.json': '{}' })
    await mkdir(path.join(npmProject, 'sub'))
    expect(findProject(path.join(npmProject, 'sub'))).toEqual({ rootDir: npmProject })
    const defaults = await loadConfig({ cwd: path.join(npmProject, 'sub'), env: {}, flags: { policy: 'p.json' } })
    expect(defaults.policyFile).toBe(path.join(npmProject, 'sub', 'p.json'))
    expect(defaults.scenarioGlobs).toEqual([path.join(npmProject, 'scenarios/*.ts')])
  })
})
