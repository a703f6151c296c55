/**
 * Scenario threads are reused across regions and runs (worker-pool.ts): a clean thread serves the next
 * region, imports the scenario file afresh there, and a thread whose scenario misbehaved is never reused.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../e2e/cli-project.js'
import type { StepResult } from '../../history/types.js'
import { loadScenarioFile } from '../collect.js'
import { testRegionRun } from '../test-region-run.js'
import { runContained } from './run-contained.js'
import { returnThread, ScenarioThreads, scenariosDone, setOneRunPerProcess, takeThread } from './worker-pool.js'

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

/** Plain JavaScript with module syntax, in a package whose package.json names no "type". */
const DETECTING = `import { threadId } from 'node:worker_threads'
import { defineScenario } from '${REPO_ROOT}/harness/index.ts'
export default defineScenario({
  name: 'pool/detecting',
  async run({ step }) {
    const detection = process.execArgv.includes('--no-experimental-detect-module') ? 'off' : 'on'
    await step(\`thread \${threadId} detection \${detection}\`, async () => undefined)
  },
})
`

let dir: string
let untyped: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-worker-pool-'))
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  await writeFile(path.join(dir, 'counting.ts'), COUNTING)
  await writeFile(path.join(dir, 'rejecting.ts'), REJECTING)
  untyped = path.join(dir, 'untyped')
  await mkdir(untyped)
  await writeFile(path.join(untyped, 'package.json'), '{}\n')
  await writeFile(path.join(untyped, 'detecting.js'), DETECTING)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs one scenario file in a region of its own (its own ScenarioThreads), as execute.ts does per region. */
async function inRegion(file: string, base = dir): Promise<StepResult[]> {
  const { scenario } = await loadScenarioFile(path.join(base, file))
  const threads = new ScenarioThreads({ prestart: true })
  try {
    return await runContained(scenario, testRegionRun(), {
      file: path.join(base, file),
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

  it("read a type-less package's .js as CommonJS without compiling it to guess, and still load a user's module syntax there", async () => {
    // This test process runs with the flag itself (vitest.config.ts): the thread must get it from the pool.
    const [result] = await inNewThread(
      process.execArgv.filter((flag) => flag !== '--no-experimental-detect-module'),
      'http://127.0.0.1:10',
    )
    expect(result?.outcome).toMatchObject({ kind: 'allowed' })
    expect(result?.step).toMatch(/detection off$/)
  })

  it('end once the scenarios are done in a one-run process (the CLI), and stay for the next run otherwise', async () => {
    const spareThread = () => {
      const { worker } = takeThread()
      returnThread(worker)
      let exited = false
      worker.once('exit', () => {
        exited = true
      })
      return { worker, exited: () => exited }
    }
    // A process that runs many (this suite): the spare thread waits for the next run.
    const kept = spareThread()
    scenariosDone()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(kept.exited()).toBe(false)
    expect(takeThread()).toEqual({ worker: kept.worker, fresh: false })
    returnThread(kept.worker)
    // The CLI: no later run will take it, so it ends while CloudTrail's delivery is awaited, once no region
    // (of another account of a pool run) may still take it.
    setOneRunPerProcess(true)
    try {
      const ended = spareThread()
      const region = new ScenarioThreads()
      scenariosDone()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(ended.exited()).toBe(false)
      await region.close()
      scenariosDone()
      await new Promise((resolve) => ended.worker.once('exit', resolve))
      expect(ended.exited()).toBe(true)
      const next = takeThread()
      expect(next.worker).not.toBe(ended.worker)
      expect(next.fresh).toBe(true)
      await next.worker.terminate()
    } finally {
      setOneRunPerProcess(false)
    }
  })

  it('start without the flag when the parent has flags a thread cannot take (--expose-gc)', async () => {
    const [result] = await inNewThread([...process.execArgv, '--expose-gc'], 'http://127.0.0.1:11')
    expect(result?.outcome).toMatchObject({ kind: 'allowed' })
  })
})

/** detecting.js in a thread started now (an AWS environment no spare thread has), the parent's execArgv being `execArgv`. */
async function inNewThread(execArgv: string[], endpoint: string): Promise<StepResult[]> {
  const saved = [...process.execArgv]
  process.execArgv.splice(0, Infinity, ...execArgv)
  process.env.AWS_ENDPOINT_URL = endpoint
  try {
    return await inRegion('detecting.js', untyped)
  } finally {
    process.execArgv.splice(0, Infinity, ...saved)
    delete process.env.AWS_ENDPOINT_URL
  }
}
