/**
 * Scenario threads. Starting a thread that loads tsx and the SDK costs over a second of CPU (seconds on
 * a busy machine), so a thread whose scenario ended cleanly is reused: by the region's next scenario,
 * and once the region is done, by the next region of this run (or of a later run in the same process,
 * such as the test suite's in-process runs). A 30-region run thus starts `concurrency` threads, not 30.
 * A thread whose scenario misbehaved is never reused: it is terminated and a fresh one starts. A reused
 * thread loads each scenario file afresh (scenario-worker.ts), so no scenario sees another run's state.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { awsVariables } from './aws-env.js'
import { collectWhileIdle } from './idle-collection.js'
import type { OrchestratorMessage, WorkerMessage } from './messages.js'

/**
 * Compiled, the worker module runs as it is. From the TypeScript sources, worker-entry.mjs loads it
 * through tsx, unless HARNESS_COMPILED_SCENARIO_WORKER=1 says dist/ is built from these sources (the test
 * suite's global setup rebuilds it): the compiled worker loads the SDK before tsx's hooks and has no
 * harness module to transpile, which halves a thread's start-up CPU.
 */
const ENTRY = import.meta.url.endsWith('.js')
  ? compiledWorker(import.meta.url)
  : process.env.HARNESS_COMPILED_SCENARIO_WORKER === '1'
    ? path.resolve(import.meta.dirname, '../../../dist/runtime/contained/scenario-worker.js')
    : path.join(import.meta.dirname, 'worker-entry.mjs')

/** dist/'s worker, seen from dist/runtime/contained/worker-pool.js or from the CLI's bundle (dist/cli/harness.js). */
function compiledWorker(url: string): string {
  const dist = url.slice(0, url.lastIndexOf('/dist/') + '/dist/'.length)
  return fileURLToPath(`${dist}runtime/contained/scenario-worker.js`)
}

/** Loading a scenario file (tsx, the SDK) before its deadline starts; a busy loop at load is stopped after this too. */
export const LOAD_ALLOWANCE_MS = 60_000

/** Clean threads between regions; more than a run's usual concurrency would only hold memory. */
const MAX_SPARE_THREADS = 4
/** Each spare thread with the listener that forgets it when it fails or exits. */
const spare = new Map<Worker, () => void>()
/**
 * The AWS_* environment each thread started with: a thread keeps a copy of process.env from its start,
 * and the SDK in it reads AWS_ENDPOINT_URL, AWS_REGION and credentials from there. A spare thread is
 * reused only by a run in the same AWS environment (one process can run several, as the tests do).
 */
const awsEnvOf = new WeakMap<Worker, string>()

function awsEnvironment(): string {
  return JSON.stringify(Object.entries(awsVariables()).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/**
 * Node 20.19+ and 22 guess the format of a `.js` file whose package.json has no "type" by compiling it
 * (module syntax detection). The AWS SDK's CommonJS files are such files: importing a scenario's clients
 * compiled EC2's 2 MB file once more in tsx's hooks thread, about 180 ms of a run's start-up. Scenario
 * threads read such files as CommonJS, as Node did before 20.19; a user's own files still load through tsx,
 * which reads module syntax in them either way.
 */
const THREAD_FLAGS = ['--no-experimental-detect-module']

function startThread(): Worker {
  const worker = newWorker()
  awsEnvOf.set(worker, awsEnvironment())
  return worker
}

/** A parent run with V8 or process flags (--max-old-space-size, --expose-gc) cannot pass them on: its threads start as they did. */
function newWorker(): Worker {
  let worker: Worker
  try {
    worker = new Worker(ENTRY, { execArgv: [...process.execArgv, ...THREAD_FLAGS] })
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error
    worker = new Worker(ENTRY)
  }
  // What its scenarios print, as labelled lines (scenario-output.ts); first of its listeners, so a line
  // comes out before the step it preceded.
  const unfinished = new Map<string, { stream: 'stdout' | 'stderr'; text: string }>()
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'output') {
      process[message.stream].write(message.text)
      if (message.key) unfinished.delete(message.key)
    } else if (message.type === 'unfinished') {
      const held = unfinished.get(message.key)?.text ?? message.lead
      unfinished.set(message.key, { stream: message.stream, text: `${held}${message.added}` })
    }
  })
  // A thread ended (terminated in a busy loop, or a spare at the run's end) before finishing a line: it goes out whole.
  worker.on('exit', () => {
    for (const { stream, text } of unfinished.values()) process[stream].write(`${text}\n`)
    unfinished.clear()
  })
  return worker
}

interface Parked {
  worker: Worker
  unpark(): void
}

/** Regions (and a run's warm thread sets) not closed yet, of every run in this process: they may take a spare. */
let openSets = 0

export class ScenarioThreads {
  private idle?: Parked
  private closed = false

  /** `preload`: scenario files a prestarted thread loads while it waits for its first run. */
  constructor(options: { prestart?: boolean; preload?: readonly string[] } = {}) {
    if (options.prestart) {
      const worker = takeSpare() ?? startThread()
      if (options.preload?.length)
        worker.postMessage({ type: 'preload', files: [...options.preload] } satisfies OrchestratorMessage)
      this.park(worker)
    }
    // Counted once constructed: a thread that failed to start leaves no set to close.
    openSets += 1
  }

  take(): Worker {
    const parked = this.idle
    this.idle = undefined
    parked?.unpark()
    return parked?.worker ?? takeSpare() ?? startThread()
  }

  /** Back to the pool after a clean scenario; the region keeps one. */
  give(worker: Worker): void {
    if (this.idle) giveSpare(worker)
    else this.park(worker)
  }

  /** The region is done: its clean thread waits for the next region (terminated when there are enough). */
  async close(): Promise<void> {
    if (!this.closed) openSets -= 1
    this.closed = true
    const parked = this.idle
    this.idle = undefined
    parked?.unpark()
    if (parked) giveSpare(parked.worker)
  }

  /** A parked thread that fails or exits is dropped, never handed out dead (its 'error' would also crash the run). */
  private park(worker: Worker): void {
    const drop = () => {
      if (this.idle?.worker === worker) this.idle = undefined
    }
    worker.on('error', drop)
    worker.on('exit', drop)
    const unpark = () => {
      worker.off('error', drop)
      worker.off('exit', drop)
    }
    this.idle = { worker, unpark }
  }
}

/** A run's prestarted thread sets, one per region it may run at once: each thread loads `preload` while it waits. */
export function prestartSets(count: number, preload: readonly string[]): ScenarioThreads[] {
  return Array.from({ length: count }, () => new ScenarioThreads({ prestart: true, preload }))
}

/**
 * Whether this process runs one command and then exits (the CLI: bin.mjs). Then no later run reuses a
 * spare thread, and each holds its SDK clients and files (100 MB or more) through CloudTrail's delivery
 * wait (5 minutes on AWS), and ending them at exit costs about 20 ms each. A process that runs many
 * (the test suite, a program using harness) keeps them for its next run.
 */
let oneRunPerProcess = false
export function setOneRunPerProcess(value: boolean): void {
  oneRunPerProcess = value
}

/**
 * An account's scenarios are done (its CloudTrail wait begins): in a one-run process the spare threads end
 * now, while it waits, unless a region (of another account of a pool run) may still take one, and the
 * process collects its garbage then, not during the reports (idle-collection.ts). A follow-up
 * (`--verify-fix`, the blast radius) that runs scenarios starts its own threads.
 */
export function scenariosDone(): void {
  if (!oneRunPerProcess || openSets > 0) return
  for (const worker of [...spare.keys()]) void takeOut(worker).terminate()
  collectWhileIdle()
}

/** A thread and whether it is new (has loaded nothing yet). */
export interface TakenThread {
  worker: Worker
  fresh: boolean
}

/**
 * Where bin.mjs leaves the thread it started for `harness run`'s scenario check before loading the CLI:
 * booting a thread takes tens of ms, and the check is on the way to CreateAccount. A key on globalThis,
 * as bin.mjs loads this module from dist/ and the CLI's bundle has its own copy of it.
 */
const EARLY_THREAD = Symbol.for('harness.earlyScenarioThread')

interface EarlyThread {
  worker: Worker
  /** Removes the listeners that drop it if it fails or exits before a check takes it. */
  adopt(): void
}

/** Starts the scenario check's thread now (bin.mjs, for `harness run`); takeThread() hands it out. */
export function startEarlyThread(): void {
  const global = globalThis as Record<symbol, EarlyThread | undefined>
  if (global[EARLY_THREAD]) return
  const worker = startThread()
  // A thread that fails before the check takes it is dropped (a new one then fails where the check reports it).
  const drop = () => {
    if (global[EARLY_THREAD]?.worker === worker) delete global[EARLY_THREAD]
  }
  worker.on('error', drop)
  worker.on('exit', drop)
  const adopt = () => {
    worker.off('error', drop)
    worker.off('exit', drop)
  }
  worker.postMessage({ type: 'ready-typescript' } satisfies OrchestratorMessage)
  global[EARLY_THREAD] = { worker, adopt }
}

function takeEarlyThread(): Worker | undefined {
  const global = globalThis as Record<symbol, EarlyThread | undefined>
  const early = global[EARLY_THREAD]
  delete global[EARLY_THREAD]
  if (!early) return undefined
  early.adopt()
  awsEnvOf.set(early.worker, awsEnvironment())
  return early.worker
}

/** A thread for work before a run's regions (check-scenarios.ts): a spare one if there is one, else a new one. */
export function takeThread(): TakenThread {
  const worker = takeSpare()
  return worker ? { worker, fresh: false } : { worker: takeEarlyThread() ?? startThread(), fresh: true }
}

/** A thread that behaved goes back to the spare pool, where the run's prestarted threads find it. */
export function returnThread(worker: Worker): void {
  giveSpare(worker)
}

/** The most recently returned thread of this AWS environment: it has loaded the scenario files this run uses. */
function takeSpare(): Worker | undefined {
  const environment = awsEnvironment()
  const worker = [...spare.keys()].findLast((candidate) => awsEnvOf.get(candidate) === environment)
  return worker && takeOut(worker)
}

function takeOut(worker: Worker): Worker {
  const drop = spare.get(worker)
  spare.delete(worker)
  if (drop) {
    worker.off('error', drop)
    worker.off('exit', drop)
  }
  worker.ref()
  return worker
}

/**
 * A spare thread never keeps the process alive, and one that fails or exits is forgotten. When there
 * are enough, the longest-idle one goes (it may belong to an AWS environment no run uses any more).
 */
function giveSpare(worker: Worker): void {
  if (spare.size >= MAX_SPARE_THREADS) {
    const [oldest] = spare.keys()
    if (oldest) void takeOut(oldest).terminate()
  }
  const drop = () => {
    spare.delete(worker)
  }
  worker.on('error', drop)
  worker.on('exit', drop)
  worker.unref()
  spare.set(worker, drop)
}
