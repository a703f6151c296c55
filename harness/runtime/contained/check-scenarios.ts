/**
 * `harness run` checks its scenario files in a scenario thread instead of importing them itself. The
 * thread registers tsx and loads the files while this thread reads the rest of the input, loads its own
 * modules and starts the emulator, on the other core; this thread never registers tsx, whose hooks would
 * slow each of its later imports on Node 20. A new thread stands in the SDK clients the files import
 * (checkIn); a warm one (a spare of an earlier run in this process) has them loaded and goes on to run
 * scenarios. The rules are collect.ts's, so a bad file is the same SCENARIO_INVALID naming it, found
 * before any account exists.
 */
import type { Worker } from 'node:worker_threads'
import { EXIT_CODES, HarnessError, type HarnessErrorCode } from '../../errors.js'
import { type LoadedScenario, scenarioFilesOf, selectScenarios } from '../collect.js'
import { SCENARIO_BRAND, type Scenario } from '../types.js'
import type { CheckedScenario, OrchestratorMessage, WorkerMessage } from './messages.js'
import { LOAD_ALLOWANCE_MS, returnThread, type TakenThread, takeThread } from './worker-pool.js'

export class ScenarioCheckThread {
  private taken: TakenThread | undefined

  /** Started before the input is read, so the thread boots while the config loads. */
  constructor() {
    this.taken = takeThread()
  }

  /** The scenarios of `globs` picked by `filters`, each loaded and checked in the thread, and every scenario's name. */
  async check(
    globs: readonly string[],
    filters: readonly string[],
    whereFrom?: string,
  ): Promise<{ selected: LoadedScenario[]; names: string[] }> {
    const files = scenarioFilesOf(globs, whereFrom)
    const taken = this.taken ?? takeThread()
    this.taken = undefined
    const checked = await checkIn(taken, files)
    return { selected: selectScenarios(checked.map(standIn), filters), names: checked.map(({ name }) => name) }
  }

  /** The input was bad before the scenarios were checked: the unused thread goes back to the spare pool. */
  release(): void {
    if (this.taken) returnThread(this.taken.worker)
    this.taken = undefined
  }
}

/**
 * A new thread checks the files with their SDK clients stood in where Node lets it (import-module.ts
 * standInSdkClients; Node 22.22.3+, 24.11.1+): CreateAccount then waits for tsx and the files, not for the
 * SDK (EC2's client alone is about 150 ms), which the run's scenario threads load while AWS creates the
 * account. A thread where an import got a stand-in then ends; one where none did (older Node, CommonJS
 * files, no client imported) goes on to run scenarios. A check that fails in a thread with a stand-in is
 * done again, every file, in a thread that loads their clients, and that verdict is the one given: a
 * file's top level may use them (a client made at load). A file's load that outlasts LOAD_ALLOWANCE_MS
 * is not checked again. A warm thread has the clients loaded already.
 */
async function checkIn({ worker, fresh }: TakenThread, files: string[]): Promise<CheckedScenario[]> {
  let answer: CheckAnswer
  try {
    answer = await ask(worker, files, fresh)
  } catch (error) {
    void worker.terminate()
    throw error
  }
  if ('scenarios' in answer && !answer.standIns) returnThread(worker)
  else void worker.terminate()
  if ('scenarios' in answer) return answer.scenarios
  if (answer.standIns) return checkIn({ worker: takeThread().worker, fresh: false }, files)
  throw answer.failure
}

type CheckAnswer = { standIns: boolean } & ({ scenarios: CheckedScenario[] } | { failure: HarnessError })

/** The thread's answer to a check of `files`; rejected when the thread itself fails or takes too long. */
function ask(worker: Worker, files: string[], standIns: boolean): Promise<CheckAnswer> {
  return new Promise((resolve, reject) => {
    const listing = files.join(', ')
    const finish = (result: CheckAnswer | HarnessError) => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (result instanceof HarnessError) reject(result)
      else resolve(result)
    }
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'checked') finish({ scenarios: message.scenarios, standIns: message.standIns })
      else if (message.type === 'check-failed') {
        const failure = new HarnessError(knownCode(message.code) ?? 'SCENARIO_INVALID', message.message)
        finish({ failure, standIns: message.standIns })
      }
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
    worker.postMessage({ type: 'check', files, standIns } satisfies OrchestratorMessage)
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
