/**
 * Scenario threads start, and load the run's scenario files, while AWS creates the account, not once a
 * region is ready: each costs about a second, which would otherwise come before every region's first
 * step (or, started once the account existed, take the CPU from enabling its opt-in regions). Observed through Node's process 'worker' event and a file the scenario
 * writes when a thread loads it, against the run's own progress lines, never a clock.
 * Spare threads are reused only within the AWS_* environment they started in (worker-pool.ts): the run
 * gets one of its own, so a spare left by another test file in this process is not reused.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { threadId, type Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canStandIn } from '../config/required-modules.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'

/** An AWS_* variable the SDK does not read: it only keeps this run's scenario threads apart. */
const OWN_AWS_ENVIRONMENT = 'AWS_HARNESS_TEST_RUN'
const READY = [/\[\S+\] region ready/, /role: \S+ assumable/]

/**
 * Writes the id of the thread that loads it, one line per load. The CLI runs in this test's thread: its id
 * must never be among them (isMainThread would not tell them apart in a suite whose workers are threads).
 */
const WHO_AM_I = `import { appendFileSync } from 'node:fs'
import { threadId } from 'node:worker_threads'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { defineScenario } from 'harness'

appendFileSync(new URL('./loaded-in-thread.txt', import.meta.url), \`\${threadId}\\n\`)

export default defineScenario({
  name: 'sts/who-am-i',
  async run({ client, step }) {
    await step('GetCallerIdentity', () => client(STSClient).send(new GetCallerIdentityCommand({})))
  },
})
`

describe('scenario threads are warm when the region is ready', () => {
  let project: Project
  let stdout = ''
  let code: number
  /** How much of stdout had been written when each scenario thread was created. */
  const threadsStartedAt: number[] = []
  const onWorker = (_worker: Worker) => threadsStartedAt.push(stdout.length)
  /** Whether a thread had loaded the scenario file when ap-east-1 was reported ready. */
  let loadedBeforeReady: boolean | undefined

  beforeAll(async () => {
    project = await createProject()
    const scenarios = path.join(project.dir, 'scenarios')
    await project.write('scenarios/who-am-i.ts', WHO_AM_I)
    // Time scale 0.02: the role is usable after 2.6 s, ap-east-1 after 6.6 s (enabled, then settled);
    // a thread starts and loads the scenario in about a second (more on a busy machine).
    const config = { scenarios: path.join(scenarios, '*.ts'), emulator: { timeScale: 0.02 }, cloudTrailCapture: false }
    await project.write('harness.config.ts', shippedConfig(config))
    const marker = path.join(scenarios, 'loaded-in-thread.txt')
    process.env[OWN_AWS_ENVIRONMENT] = 'warm-threads'
    process.on('worker', onWorker)
    const { main } = await import('../cli/main.js')
    const io = {
      stdout: {
        write: (text: string) => {
          if (loadedBeforeReady === undefined && /\[ap-east-1\] region ready/.test(text))
            loadedBeforeReady = existsSync(marker)
          stdout += text
        },
      },
      stderr: { write: () => undefined },
      env: { ...process.env, CI: 'true' },
      cwd: project.dir,
    }
    code = await main(
      ['run', '--region', 'ap-east-1,eu-south-1', '--concurrency', '2'],
      io,
      new AbortController().signal,
    )
  }, E2E_TIMEOUT_MS)
  afterAll(async () => {
    process.off('worker', onWorker)
    delete process.env[OWN_AWS_ENVIRONMENT]
    await project.remove()
  })

  it('starts one thread per concurrent region while AWS creates the account, before the role or any region is ready', () => {
    expect(code).toBe(0)
    const firstReady = Math.min(...READY.map((pattern) => stdout.search(pattern)).filter((at) => at >= 0))
    expect(Number.isFinite(firstReady)).toBe(true)
    // Once CreateAccount is sent, not once the account exists: enabling the opt-in regions then has the CPU.
    const requested = stdout.search(/account: CreateAccount requested/)
    const created = stdout.search(/account: \d{12} ready after/)
    expect(requested).toBeGreaterThanOrEqual(0)
    expect(created).toBeGreaterThan(requested)
    // The check thread (ended where it stood the SDK clients in), then the two regions' threads.
    const threads = canStandIn() ? 3 : 2
    expect(threadsStartedAt.length).toBeGreaterThanOrEqual(threads)
    // (How much of stdout was written when each started: no more than up to the "ready" line.)
    expect(threadsStartedAt.slice(0, threads).every((at) => at <= created && at < firstReady)).toBe(true)
  })

  it('has a thread load the scenario file before the opt-in region is ready', () => {
    expect(loadedBeforeReady).toBe(true)
  })

  it('checks the scenario file in a scenario thread, never in the CLI thread, and each region thread loads it once', async () => {
    const scenarios = path.join(project.dir, 'scenarios')
    // Two regions side by side: two threads, each loading the file once. Where Node lets the check stand
    // the SDK clients in, the check thread comes first and runs nothing after (check-scenarios.ts); where
    // not, it is one of the two.
    const loads = (await readFile(path.join(scenarios, 'loaded-in-thread.txt'), 'utf8')).trim().split('\n')
    const threads = canStandIn() ? 3 : 2
    expect(loads).toHaveLength(threads)
    expect(new Set(loads).size).toBe(threads)
    expect(loads).not.toContain(String(threadId))
  })
})
