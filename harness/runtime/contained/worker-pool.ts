/**
 * The scenario threads of one region: a region's scenarios run one after another, so one thread is
 * reused while its scenarios end cleanly (starting a thread that loads the SDK costs seconds on a busy
 * machine). A thread whose scenario misbehaved is never reused: it is terminated and a fresh one starts.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'

const ENTRY = path.join(import.meta.dirname, 'worker-entry.mjs')

export class ScenarioThreads {
  private idle?: Worker

  constructor(options: { prestart?: boolean } = {}) {
    if (options.prestart) this.idle = new Worker(ENTRY)
  }

  take(): Worker {
    const worker = this.idle ?? new Worker(ENTRY)
    this.idle = undefined
    return worker
  }

  /** Back to the pool after a clean scenario; the pool keeps one. */
  give(worker: Worker): void {
    if (this.idle) void worker.terminate()
    else this.idle = worker
  }

  async close(): Promise<void> {
    const worker = this.idle
    this.idle = undefined
    await worker?.terminate()
  }
}
