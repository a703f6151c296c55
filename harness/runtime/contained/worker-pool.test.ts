/**
 * Scenario threads are reused across regions and runs (worker-pool.ts): a clean thread serves the next
 * region, imports the scenario file afresh there, and a thread whose scenario misbehaved is never reused.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../e2e/cli-project.js'
import type { StepResult } from '../../history/types.js'
import { loadScenarioFile } from '../collect.js'
import { testRegionRun } from '../test-region-run.js'
import { runContained } from './run-contained.js'
import { ScenarioThreads } from './worker-pool.js'

/** One step whose name says which thread ran it, how often that thread loaded the file, and the instance's run count. */
const COUNTING = `import { threadId } from 'node:worker_threads'
import { defineScenario } from '${REPO_ROOT}/harness/index.ts'
const loads = ((globalThis as { poolTestLoads?: number }).poolTestLoads ?? 0) + 1
;(globalThis as { poolTestLoads?: number }).poolTestLoads = loads
let runs = 0
export default defineScenario({
  name: 'pool/counting',
  async run({ step }) {
    runs += 1
    await step(\`thread \${threadId} load \${loads} run \${runs}\`, async () => undefined)
  },
})
`

const REJECTING = `import { threadId } from 'node:worker_threads'
import { defineScenario } from '${REPO_ROOT}/harness/index.ts'
export default defineScenario({
  name: 'pool/rejecting',
  async run({ step }) {
    await step(\`thread \${threadId}\`, async () => undefined)
    Promise.reject(new Error('nobody awaits me'))
    await new Promise(() => {})
  },
})
`

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-worker-pool-'))
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  await writeFile(path.join(dir, 'counting.ts'), COUNTING)
  await writeFile(path.join(dir, 'rejecting.ts'), REJECTING)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs one scenario file in a region of its own (its own ScenarioThreads), as execute.ts does per region. */
async function inRegion(file: string): Promise<StepResult[]> {
  const { scenario } = await loadScenarioFile(path.join(dir, file))
  const threads = new ScenarioThreads({ prestart: true })
  try {
    return await runContained(scenario, testRegionRun(), {
      file: path.join(dir, file),
      threads,
      admin: () => {
        throw new Error('no cleanups in this test')
      },
      deadlineMs: 60_000,
    })
  } finally {
    await threads.close()
  }
}

const numbers = (results: StepResult[]) => /thread (\d+) load (\d+) run (\d+)/.exec(results[0]?.step ?? '')?.slice(1)

describe('scenario threads', () => {
  it('serve the next region with the same thread, which loads the scenario file afresh', async () => {
    const [thread, load, run] = numbers(await inRegion('counting.ts')) ?? []
    const [nextThread, nextLoad, nextRun] = numbers(await inRegion('counting.ts')) ?? []
    expect(run).toBe('1')
    expect(nextThread).toBe(thread)
    // A new instance of the module (its own state starts over), loaded once more by that thread.
    expect(nextRun).toBe('1')
    expect(Number(nextLoad)).toBe(Number(load) + 1)
  })

  it('never hand out a thread whose scenario left an unhandled rejection', async () => {
    const ended = await inRegion('rejecting.ts')
    expect(ended.map(({ outcome }) => ('errorName' in outcome ? outcome.errorName : outcome.kind))).toEqual([
      'allowed',
      'UnhandledRejection',
    ])
    const endedThread = /thread (\d+)/.exec(ended[0]!.step)?.[1]
    const [next] = numbers(await inRegion('counting.ts')) ?? []
    expect(next).toBeDefined()
    expect(next).not.toBe(endedThread)
  })

  it('are reused only under the AWS_* environment they started with (the SDK in a thread reads its copy)', async () => {
    const [thread] = numbers(await inRegion('counting.ts')) ?? []
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    let other: string | undefined
    try {
      ;[other] = numbers(await inRegion('counting.ts')) ?? []
    } finally {
      delete process.env.AWS_ENDPOINT_URL
    }
    const [again] = numbers(await inRegion('counting.ts')) ?? []
    expect(other).toBeDefined()
    expect(other).not.toBe(thread)
    // Back in the first environment, its thread is still there to reuse.
    expect(again).toBe(thread)
  })
})
