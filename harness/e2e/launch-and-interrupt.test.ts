/**
 * `--launch` really launches the smallest offered instance and terminates it; Ctrl-C in the middle
 * of a run stops new work, still cleans up (harness role deleted, account closed) and exits 130, also
 * after the scenarios, while the run waits for CloudTrail to deliver.
 * Ctrl-C here is the run's abort signal, in-process (what the CLI's SIGINT handler does); a real SIGINT
 * to a real process is sent in contained-scenarios.test.ts, while a scenario busy-loops. A reader that
 * goes away (`harness run | head -1`) must not end a real run before its cleanup either.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EmulatorDump } from './cli-project.js'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'

let project: Project | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

describe('harness run --launch', () => {
  it(
    'launches a tagged instance for real, terminates it and leaves nothing running',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const result = await project.run(['run', '--region', 'us-east-1', '--scenario', 'ec2/*', '--launch'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/ec2\/run-tagged-instance › RunInstances: allowed \(\d+ ms\)/)
      expect(result.stdout).toMatch(/ec2\/run-tagged-instance › TerminateInstances: allowed/)
      const runs = result.dump?.calls.filter((c) => c.operation === 'RunInstances') ?? []
      expect(runs.map((c) => c.outcome)).toEqual(['success'])
      expect(leftovers(result.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

describe('Ctrl-C during a run', () => {
  it(
    'cleans up and exits 130',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig({ emulator: { timeScale: 0.02 } }) })
      const result = await project.abortWhen(['run', '--region', 'ap-east-1'], /region DISABLED → enabling/)
      expect(result.code).toBe(130)
      expect(result.stderr).toMatch(/interrupted/i)
      const calls = result.dump?.calls ?? []
      // Regions enable alongside the role bootstrap, so the role may not exist yet; if it does, it is deleted.
      const succeeded = (operation: string) => calls.filter((c) => c.operation === operation && c.outcome === 'success')
      expect(succeeded('DeleteRole')).toHaveLength(succeeded('CreateRole').length)
      expect(calls.some((c) => c.operation === 'CloseAccount' && c.outcome === 'success')).toBe(true)
      expect(calls.some((c) => ['CreateLogGroup', 'CreateRepository', 'RunInstances'].includes(c.operation))).toBe(
        false,
      )
      expect(leftovers(result.dump)).toEqual([])
      expect(await project.files('reports/runs')).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'while the new account is still being created names the request, and that no account remains',
    async () => {
      // Given a slow account creation, When Ctrl-C arrives after CreateAccount was sent
      project = await createProject({ 'harness.config.ts': shippedConfig({ emulator: { timeScale: 0.2 } }) })
      const result = await project.abortWhen(['run', '--region', 'us-east-1'], /CreateAccount requested/)
      // Then the user is told which request may still create an account
      expect(result.code).toBe(130)
      const requestId = /CreateAccount requested \((car-[a-z0-9]+)\)/.exec(result.stdout)?.[1]
      expect(requestId).toBeDefined()
      // On the embedded emulator nothing outlives the run: no manual step to take
      expect(result.stdout).toContain(
        `account: creation request ${requestId} was sent before the interrupt; the embedded emulator stops with this run, so no account remains`,
      )
    },
    E2E_TIMEOUT_MS,
  )

  it(
    "during CloudTrail's delivery wait, after every scenario ran: still exit 130, the account closed, no run stored",
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const args = ['run', '--region', 'us-east-1', '--scenario', 'logs/*']
      const result = await project.abortWhen(args, /cloudtrail: waiting/)
      expect(result.code).toBe(130)
      expect(result.stderr).toMatch(/interrupted/i)
      expect(result.stdout).not.toContain('Verdict:')
      const calls = result.dump?.calls ?? []
      expect(calls.some((c) => c.operation === 'CloseAccount' && c.outcome === 'success')).toBe(true)
      expect(leftovers(result.dump)).toEqual([])
      expect(await project.files('reports/runs')).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a reader that goes away mid-run (harness run | head -1)', () => {
  it(
    'finishes the run: cleans up, closes the account, stores the run and exits with its verdict',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const dumpFile = path.join(project.dir, 'dump.json')
      // When stdout's reader is gone after the first line, so every later write fails with EPIPE
      const { code, stderr } = await runWithReaderGone(['run', '--region', 'us-east-1'], project.dir, dumpFile)
      // Then the run carries on to its verdict, as with a reader
      expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/)
      expect(code).toBe(0)
      expect((await project.files('reports/runs')).filter((file) => file.endsWith('.json'))).toHaveLength(1)
      const dump = JSON.parse(await readFile(dumpFile, 'utf8')) as EmulatorDump
      expect(dump.calls.some((c) => c.operation === 'CloseAccount' && c.outcome === 'success')).toBe(true)
      expect(leftovers(dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

/** The real executable whose stdout is closed by its reader right after the first output. */
function runWithReaderGone(
  args: string[],
  cwd: string,
  dumpFile: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'harness/cli/bin.mjs'), ...args], {
      cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', HARNESS_EMULATOR_DUMP: dumpFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stdout.once('data', () => child.stdout.destroy())
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stderr }))
  })
}
