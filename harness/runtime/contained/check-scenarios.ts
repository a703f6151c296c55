/**
 * `harness run` checks its scenario files in a scenario thread instead of importing them itself. The
 * thread registers tsx and loads the files with their SDK clients (about a second of CPU) while this
 * thread reads the rest of the input, loads its own modules and starts the emulator, on the other core;
 * this thread never registers tsx, whose hooks would slow each of its later imports on Node 20; and the
 * thread, its files loaded, is then the run's first warm scenario thread (worker-pool.ts). The rules are
 * collect.ts's, so a bad file is the same SCENARIO_INVALID naming it, found before any account exists.
 */
import type { Worker } from 'node:worker_threads'
import { EXIT_CODES, HarnessError, type HarnessErrorCode } from '../../errors.js'
import { type LoadedScenario, scenarioFilesOf, selectScenarios } from '../collect.js'
import { SCENARIO_BRAND, type Scenario } from '../types.js'
import type { CheckedScenario, OrchestratorMessage, WorkerMessage } from './messages.js'
import { LOAD_ALLOWANCE_MS, returnThread, takeThread } from './worker-pool.js'

export class ScenarioCheckThread {
  private worker: Worker | undefined

  /** Started before the input is read, so the thread boots while the config loads. */
  constructor() {
    this.worker = takeThread()
  }

  /** The scenarios of `globs` picked by `filters`, each loaded and checked in the thread. */
  async check(globs: readonly string[], filters: readonly string[], whereFrom?: string): Promise<LoadedScenario[]> {
    const files = scenarioFilesOf(globs, whereFrom)
    const worker = this.worker ?? takeThread()
    this.worker = undefined
    let checked: CheckedScenario[]
    try {
      checked = await checkIn(worker, files)
    } catch (error) {
      void worker.terminate()
      throw error
    }
    returnThread(worker)
    return selectScenarios(checked.map(standIn), filters)
  }

  /** The input was bad before the scenarios were checked: the unused thread goes back to the spare pool. */
  release(): void {
    if (this.worker) returnThread(this.worker)
    this.worker = undefined
  }
}

function checkIn(worker: Worker, files: string[]): Promise<CheckedScenario[]> {
  return new Promise((resolve, reject) => {
    const listing = files.join(', ')
    const finish = (result: CheckedScenario[] | HarnessError) => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (result instanceof HarnessError) reject(result)
      else resolve(result)
    }
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'checked') finish(message.scenarios)
      else if (message.type === 'check-failed')
        finish(new HarnessError(knownCode(message.code) ?? 'SCENARIO_INVALID', message.message))
    }
    const onError = (error: Error) =>
      finish(new HarnessError('SCENARIO_INVALID', `Scenario files ${listing} failed to load: ${error.message}`))
    const onExit = (code: number) =>
      finish(
        new HarnessError(
          'SCENARIO_INVALID',
          `Scenario files ${listing}: their thread exited (${code}) while loading them.`,
        ),
      )
    // A file whose top level never returns (a busy loop, a wait on nothing) stops the run here, not forever.
    const timer = setTimeout(
      () =>
        finish(
          new HarnessError(
            'SCENARIO_INVALID',
            `Scenario files ${listing} did not load within ${LOAD_ALLOWANCE_MS / 1000} s.`,
          ),
        ),
      LOAD_ALLOWANCE_MS,
    )
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage({ type: 'check', files } satisfies OrchestratorMessage)
  })
}

const knownCode = (code: string | undefined): HarnessErrorCode | undefined =>
  code !== undefined && code in EXIT_CODES ? (code as HarnessErrorCode) : undefined

/**
 * What the orchestrator holds of a checked scenario: its name and declared operations. Its run() stays
 * in the file, which only scenario threads load (runContained sends them the file).
 */
function standIn({ file, name, description, operations }: CheckedScenario): LoadedScenario {
  const scenario: Scenario = Object.freeze({
    name,
    description,
    operations,
    run: () => Promise.reject(new Error(`scenario ${name} runs in a scenario thread, which loads ${file} itself`)),
    [SCENARIO_BRAND]: true as const,
  })
  return { file, scenario }
}
