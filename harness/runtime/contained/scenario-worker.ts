/**
 * The worker-thread side of contained scenarios: runs one scenario at a time (a region's scenarios
 * reuse the thread while they behave) with the existing executor (runScenario), and turns what would
 * end the whole run into a recorded error of that scenario: process.exit(), an unhandled rejection or
 * uncaught exception, a run past its deadline. Then it runs the scenario's cleanups (administrator
 * credentials come from the orchestrator) and says whether it ended cleanly. A busy loop never gets
 * here: the orchestrator terminates the thread instead.
 */
import { parentPort } from 'node:worker_threads'
import { standInSdkClients } from '../../config/import-module.js'
import { registerTypeScript } from '../../config/register-typescript.js'
import { canStandIn, standInServed } from '../../config/required-modules.js'
import { endpointVariantConfig } from '../../credentials/endpoint-variants.js'
import { sdkRetryConfig } from '../../credentials/sdk-retry.js'
import type { StepResult } from '../../history/types.js'
import { classifyThrown } from '../../outcomes/classify.js'
import { redactSecrets, registerCredentials } from '../../outcomes/redact.js'
import type { Outcome } from '../../outcomes/types.js'
import { CleanupRegistry } from '../cleanup.js'
import { loadScenarioFile } from '../collect.js'
import { notReadyClassifier, refuseCalls } from '../not-ready.js'
import { runScenario, SCENARIO_CRASH_STEP } from '../run-scenario.js'
import type { RegionRun } from '../scenario-context.js'
import type { ClientFactory } from '../types.js'
import { adoptAwsVariables } from './aws-env.js'
import { containChildOutput } from './child-output.js'
import type {
  CheckedScenario,
  CredentialKind,
  OrchestratorMessage,
  SerializedCredentials,
  WorkerInput,
  WorkerMessage,
} from './messages.js'
import { flushOutput, routeOutput, withOutputLabel } from './scenario-output.js'

interface Ending {
  errorName: string
  message: string
}

// Scenario files are TypeScript. Compiled (dist/), the worker registers tsx itself, as bin.mjs does:
// when the first scenario file is imported, after the SDK clients it names (config/import-module.ts).
// From the sources, worker-entry.mjs has registered it before loading this module.
if (import.meta.url.endsWith('.js')) {
  let registered: Promise<void> | undefined
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('harness.registerTypeScript')] = () =>
    (registered ??= registerTypeScript())
}

const port = parentPort!
const post = (message: WorkerMessage) => port.postMessage(message)
// What scenarios print goes to the orchestrator on this port, by labelled lines, before the messages
// that follow it (scenario-output.ts).
routeOutput({
  lines: (stream, key, text) => post({ type: 'output', stream, text, key }),
  unfinished: (stream, key, lead, added) => post({ type: 'unfinished', stream, key, lead, added }),
})
// And so does a child process a scenario starts with inherited stdout or stderr (child-output.ts).
containChildOutput()
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
let nextId = 0
/** How often this thread has loaded each scenario file: a reused thread loads it afresh (worker-pool.ts). */
const loads = new Map<string, number>()
/** The scenario running now: where process-level failures are attributed. */
let current: { controller: AbortController; endWith(ending: Ending): void } | undefined

port.on('message', (message: OrchestratorMessage) => {
  if (message.type === 'run') void withOutputLabel(labelOf(message.input), () => runOne(message.input))
  else if (message.type === 'preload') preload(message.files)
  else if (message.type === 'check') void check(message.files, message.standIns)
  else if (message.type === 'ready-typescript') readyTypeScript()
  else if (message.type === 'abort') current?.controller.abort()
  else {
    const waiting = pending.get(message.id)
    pending.delete(message.id)
    if (message.error !== undefined) waiting?.reject(new Error(message.error))
    else waiting?.resolve(message.value)
  }
})

function rpc(request: { method: 'credentials'; kind: CredentialKind } | { method: 'decode'; outcome: Outcome }) {
  const id = ++nextId
  return new Promise<unknown>((resolve, reject) => {
    pending.set(id, { resolve, reject })
    post({ type: 'rpc', id, ...request } as WorkerMessage)
  })
}

function factory(input: WorkerInput, kind: CredentialKind): ClientFactory {
  const credentials = async () => {
    const value = (await rpc({ method: 'credentials', kind })) as SerializedCredentials
    registerCredentials(value)
    return { ...value, expiration: value.expiration ? new Date(value.expiration) : undefined }
  }
  return (Client) =>
    new Client({
      region: input.region,
      endpoint: input.endpoint,
      credentials,
      ...endpointVariantConfig(input.endpoint),
      ...sdkRetryConfig(input.retryTimeScale),
    })
}

/**
 * Scenario files load one at a time in a thread, whether preloaded, checked or run: on Node 20 a CommonJS
 * file's require() of an ES module that another file's import() is still loading fails ("not yet fully
 * loaded"), e.g. two files of a CommonJS project that both use the authoring API.
 */
let lastLoad: Promise<unknown> = Promise.resolve()
function loadInTurn(file: string, instance: number): ReturnType<typeof loadScenarioFile> {
  const load = lastLoad.then(() => loadScenarioFile(file, instance))
  lastLoad = load.catch(() => undefined)
  return load
}

/**
 * Loads each file as the next run of it will (same URL, so that run finds it loaded): its import and the
 * SDK clients it names cost about a second, spent while the region is still being readied. A file that
 * fails to load fails the same way in its run, which records it.
 */
function preload(files: readonly string[]): void {
  for (const file of files)
    void loadInTurn(file, loads.get(file) ?? 0)
      .catch(() => undefined)
      .finally(() => flushOutput(''))
}

/**
 * Registers tsx before the check asks for it (loadScenarioFile registers it at the first TypeScript file):
 * the files are not known until the CLI has read its config, and the check is on the way to CreateAccount.
 * Only where the check stands the SDK clients in: elsewhere they load first, as tsx's hooks slow them.
 */
function readyTypeScript(): void {
  const register = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[
    Symbol.for('harness.registerTypeScript')
  ]
  if (canStandIn()) void register?.().catch(() => undefined)
}

/**
 * Loads and checks each file for the orchestrator, which then never imports them itself (check-scenarios.ts);
 * loaded as a preload is, so this thread's first run of each finds it loaded. With `standIns` (a new
 * thread's first check) their SDK clients are stood in instead where the thread can (import-module.ts):
 * CreateAccount waits for this check, not for the SDK, and a thread where an import got a stand-in then
 * ends unused.
 */
async function check(files: readonly string[], standIns: boolean): Promise<void> {
  standInSdkClients(standIns)
  let answer:
    | { type: 'checked'; scenarios: CheckedScenario[] }
    | { type: 'check-failed'; code?: string; message: string }
  try {
    answer = { type: 'checked', scenarios: await checkEach(files) }
  } catch (error) {
    // A HarnessError (collect.ts) already names the file and the problem; anything else is described.
    const code = (error as { code?: unknown }).code
    const harness = typeof code === 'string' && error instanceof Error
    answer = {
      type: 'check-failed',
      code: harness ? code : undefined,
      message: harness ? error.message : describe(error),
    }
  } finally {
    standInSdkClients(false)
  }
  flushOutput('')
  post({ ...answer, standIns: standInServed() })
}

async function checkEach(files: readonly string[]): Promise<CheckedScenario[]> {
  const scenarios: CheckedScenario[] = []
  for (const file of files) {
    const { scenario } = await loadInTurn(file, loads.get(file) ?? 0)
    const { name, description, operations } = scenario
    scenarios.push({
      file,
      name,
      ...(typeof description === 'string' ? { description } : {}),
      ...(operations ? { operations: [...operations] } : {}),
    })
  }
  return scenarios
}

/** process.exit() ends only the scenario: it throws where it was called, and is recorded. */
class ProcessExitCalled extends Error {
  constructor(code: unknown) {
    super(`scenario called process.exit(${code === undefined ? '' : String(code)})`)
    this.name = 'ProcessExit'
  }
}
process.exit = ((code?: unknown) => {
  throw new ProcessExitCalled(code)
}) as typeof process.exit
process.on('unhandledRejection', (reason) =>
  current?.endWith({ errorName: 'UnhandledRejection', message: `unhandled promise rejection: ${describe(reason)}` }),
)
process.on('uncaughtException', (error) =>
  current?.endWith({
    errorName: error instanceof ProcessExitCalled ? 'ProcessExit' : 'UncaughtException',
    message: error instanceof ProcessExitCalled ? error.message : `uncaught exception: ${describe(error)}`,
  }),
)

function describe(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
  return redactSecrets(text).slice(0, 500)
}

function regionRun(
  input: WorkerInput,
  controller: AbortController,
  cleanups: CleanupRegistry,
  outcomes: string[],
): RegionRun {
  const run: RegionRun = {
    ...input.run,
    minimal: factory(input, 'minimal'),
    classify: input.notReady ? notReadyClassifier(input.notReady) : classifyThrown,
    signal: controller.signal,
    decodeDenial: (outcome) => rpc({ method: 'decode', outcome }) as Promise<Outcome>,
    onStep: (result) => post({ type: 'step', result }),
    onCleanup: (region, scenario, fn, arns) => {
      const index = cleanups.size
      // Each cleanup reports its own outcome, so the orchestrator's journal marks only what was removed.
      const reporting: typeof fn = async (admin) => {
        try {
          await fn(admin)
          outcomes[index] = 'ok'
        } catch (error) {
          outcomes[index] = describe(error)
          throw error
        }
      }
      const forget = cleanups.add(region, scenario, reporting, arns)
      post({ type: 'cleanup-registered', count: cleanups.size, arns })
      return forget
    },
  }
  if (input.notReady) refuseCalls(run, input.notReady)
  return run
}

async function runOne(input: WorkerInput): Promise<void> {
  adoptAwsVariables(input.awsEnv)
  const cleanups = new CleanupRegistry()
  const controller = new AbortController()
  const startedAt = new Date()
  let endWith: (ending: Ending) => void = () => undefined
  const ended = new Promise<Ending>((resolve) => {
    endWith = resolve
  })
  current = { controller, endWith }
  let deadline: NodeJS.Timeout | undefined
  const outcomes: string[] = []
  const run = regionRun(input, controller, cleanups, outcomes)
  // The deadline covers the scenario's run, not loading its file (the SDK takes a while on a busy machine).
  const loaded = loads.get(input.file) ?? 0
  loads.set(input.file, loaded + 1)
  const execution = loadInTurn(input.file, loaded)
    .then(({ scenario }) => {
      post({ type: 'started' })
      deadline = setTimeout(
        () =>
          endWith({
            errorName: 'ScenarioDeadline',
            message: `scenario did not finish within ${Math.round(input.deadlineMs / 1000)} s`,
          }),
        input.deadlineMs,
      )
      return runScenario(scenario, run)
    })
    .then(
      () => undefined,
      (error: unknown): Ending => ({ errorName: 'ScenarioLoad', message: describe(error) }),
    )
  const ending = await Promise.race([execution, ended])
  clearTimeout(deadline)
  // Its last line, left without a newline, goes out now: not joined to what its cleanups print.
  flushOutput(labelOf(input))
  if (ending) {
    // No new step starts; whatever the scenario still has in flight is abandoned with this thread.
    controller.abort()
    const result: StepResult = {
      scenario: input.scenarioName,
      step: SCENARIO_CRASH_STEP,
      region: input.region,
      outcome: { kind: 'error', ...ending, durationMs: Date.now() - startedAt.getTime() },
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    }
    post({ type: 'step', result })
  }
  await cleanups.runAll(() => factory(input, 'admin'))
  flushOutput(labelOf(input))
  post({ type: 'cleanups-done', outcomes })
  current = undefined
  post({ type: 'done', clean: !ending })
}

/** What leads each line a scenario prints: where it ran, as the run's step lines say it. */
const labelOf = (input: WorkerInput): string => `[${input.region}] ${input.scenarioName}`
