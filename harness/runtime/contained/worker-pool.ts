/**
 * The scenario threads of one region: a region's scenarios run one after another, so one thread is
 * reused while its scenarios end cleanly (starting a thread that loads the SDK costs seconds on a busy
 * machine). A thread whose scenario misbehaved is never reused: it is terminated and a fresh one starts.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'

/** Compiled, the worker module runs as it is; from the TypeScript sources, worker-entry.mjs loads it through tsx. */
const ENTRY = import.meta.url.endsWith('.js')
  ? path.join(import.meta.dirname, 'scenario-worker.js')
  : path.join(import.meta.dirname, 'worker-entry.mjs')

interface Parked {
  worker: Worker
  unpark(): void
}

export class ScenarioThreads {
  private idle?: Parked

  constructor(options: { prestart?: boolean } = {}) {
    if (options.prestart) this.park(new Worker(ENTRY))
  }

  take(): Worker {
    const parked = this.idle
    this.idle = undefined
    parked?.unpark()
    return parked?.worker ?? new Worker(ENTRY)
  }

  /** Back to the pool after a clean scenario; the pool keeps one. */
  give(worker: Worker): void {
    if (this.idle) void worker.terminate()
    else this.park(worker)
  }

  async close(): Promise<void> {
    const parked = this.idle
    this.idle = undefined
    parked?.unpark()
    await parked?.worker.terminate()
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
