/**
 * Everything checkable is checked before an account is vended, through the real CLI: a policy over
 * IAM's inline size limit, a 10,000-statement policy (one short line, not 1 MB of echo), reports/runs
 * being a file, drift.json a directory, empty --policy / --reports-dir. Each exits 2 with no account
 * (no dump), and the emulator started while the input was checked stopped again. And a run from a
 * subdirectory finds the project.
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, runInProcess, shippedConfig } from './cli-project.js'

const tooBig = JSON.stringify({
  Version: '2012-10-17',
  Statement: Array.from({ length: 10_000 }, () => ({ Effect: 'Allow', Action: 'logs:*', Resource: '*' })),
})

/** TCP servers listening in this test process (an emulator is one). */
const listeningServers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length

describe('checks before vending (real CLI)', () => {
  let project: Project
  let serversAtStart = 0
  beforeAll(async () => {
    serversAtStart = listeningServers()
    project = await createProject({ 'harness.config.ts': shippedConfig(), 'big-policy.json': tooBig })
  })
  afterAll(() => project.remove())

  it.each([
    [
      ['--policy', 'big-policy.json'],
      /big-policy\.json is 520,038 characters \(white space excluded, 10,000 statements\)/,
    ],
    [['--policy', ''], /--policy needs a value, got an empty one/],
    [['--reports-dir='], /--reports-dir needs a value, got an empty one/],
  ])(
    'harness run %j exits 2 in one short message, before any account',
    async (args, message) => {
      const result = await project.run(['run', ...args])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.length).toBeLessThan(600)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it.each([
    ['runs', 'file', 'must be a directory but is a file'],
    ['drift.json', 'directory', 'must be a file but is a directory'],
  ])(
    'a reports directory whose %s is a %s exits 2 before any account',
    async (name, kind, problem) => {
      const reports = path.join(project.dir, `reports-${kind}`)
      await mkdir(reports, { recursive: true })
      if (kind === 'file') await writeFile(path.join(reports, name), 'x')
      else await mkdir(path.join(reports, name))
      const result = await project.run(['run', '--reports-dir', reports])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`${path.join(reports, name)} ${problem}`)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'finds the project, its config and reports directory from a subdirectory',
    async () => {
      const sub = path.join(project.dir, 'src', 'deep')
      await mkdir(sub, { recursive: true })
      const dumpFile = path.join(project.dir, 'sub-dump.json')
      // In-process with the subdirectory as the working directory: finding the project is about cwd, not the process.
      const result = await runInProcess(['run', '--scenario', 'logs/*'], sub, { HARNESS_EMULATOR_DUMP: dumpFile })
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      const runs = (await project.files()).filter((file) => file.includes(`${path.sep}runs${path.sep}`))
      expect(runs).toHaveLength(1)
      expect(leftovers(JSON.parse(await project.read(dumpFile)))).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  // Last: the runs above ran in this process, and each refused one had started an emulator meanwhile.
  it('leaves no emulator of a refused run listening', async () => {
    // A closed server's handle goes within a turn of the event loop; a forgotten one stays.
    await vi.waitFor(() => expect(listeningServers()).toBe(serversAtStart), { timeout: 2_000 })
  })
})

describe('several bad inputs at once (real CLI)', () => {
  it(
    'names the bad scenario file, though the account ledger is read while the file is checked, and creates nothing',
    async () => {
      const project = await createProject()
      try {
        await project.write('scenarios/broken.ts', 'export default 42\n')
        await project.write('harness.config.ts', shippedConfig({ scenarios: path.join(project.dir, 'scenarios/*.ts') }))
        // A corrupt ledger, read at the same time: reported after the scenarios' problems.
        await project.write('reports/state/accounts.json', '{ not json')
        const unborn = path.join(project.dir, 'not-yet')
        const result = await project.run(['run'])
        expect(result.code).toBe(2)
        expect(result.stderr).toContain('broken.ts')
        expect(result.stderr).not.toContain('accounts.json')
        expect(result.dump).toBeUndefined()
        // A reports directory that does not exist yet is created only once the input is known to be good.
        const elsewhere = await project.run(['run', '--reports-dir', unborn])
        expect(elsewhere.code).toBe(2)
        expect(existsSync(unborn)).toBe(false)
      } finally {
        await project.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
