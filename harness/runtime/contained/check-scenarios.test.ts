/**
 * A run's first scenario check, in a new thread, stands in the SDK clients the files import instead of
 * loading them (CreateAccount waits for it) where Node's in-thread module hooks allow (canStandIn); a file
 * whose top level needs them is checked again with them loaded. The files here describe what they saw
 * of their client at load. On a Node without those hooks the same checks load the clients as before.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { canStandIn } from '../../config/required-modules.js'
import { REPO_ROOT } from '../../e2e/cli-project.js'
import { ScenarioCheckThread } from './check-scenarios.js'
import { returnThread, startEarlyThread, takeThread } from './worker-pool.js'

const scenario = (name: string, topLevel: string, description: string) => `
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { defineScenario } from '${REPO_ROOT}/harness/index.ts'
${topLevel}
export default defineScenario({
  name: '${name}',
  description: ${description},
  operations: ['ecr:CreateRepository'],
  async run({ client, step }) {
    await step('CreateRepository', () => client(ECRClient).send(new CreateRepositoryCommand({ repositoryName: 'x' })))
  },
})
`

const FILES = {
  'names-only.ts': scenario('check/names-only', '', "'ECRClient at load: ' + typeof ECRClient"),
  'client-at-load.ts': scenario(
    'check/client-at-load',
    "const made = new ECRClient({ region: 'us-east-1' })",
    "'made at load: ' + made.constructor.name",
  ),
  'broken.ts': scenario('check/broken', "throw new Error('broken at load')", "'never'"),
  'no-client.ts': `import { defineScenario } from '${REPO_ROOT}/harness/index.ts'
export default defineScenario({ name: 'check/no-client', async run() {} })
`,
  // CommonJS: its client is require()d, which a stand-in never answers.
  'commonjs.cts': scenario('check/commonjs', '', "'ECRClient at load: ' + typeof ECRClient"),
}

/** What a check in a new thread saw of ECRClient at load, and whether that thread ended. */
const STOOD_IN = canStandIn()

let dir: string
let environment = 0

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-check-scenarios-'))
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dir, name), text)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Each test in an AWS environment of its own: the pool has no spare thread for it, so its check thread is new.
function newEnvironment(): void {
  environment += 1
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${20 + environment}`
}

afterEach(() => {
  delete process.env.AWS_ENDPOINT_URL
})

const check = (file: string) =>
  new ScenarioCheckThread().check([path.join(dir, file)], []).then(({ selected }) => selected)

describe("a run's scenario check", () => {
  it('never hands out a thread bin.mjs started that ended before the check took it', async () => {
    newEnvironment()
    startEarlyThread()
    const early = (globalThis as Record<symbol, { worker: Worker } | undefined>)[
      Symbol.for('harness.earlyScenarioThread')
    ]
    await early?.worker.terminate()
    const [checked] = await check('names-only.ts')
    expect(checked?.scenario.name).toBe('check/names-only')
  })

  it('takes the thread bin.mjs started before the config was read, and checks the files in it', async () => {
    newEnvironment()
    const started: Worker[] = []
    const onWorker = (worker: Worker) => started.push(worker)
    process.on('worker', onWorker)
    try {
      startEarlyThread()
      const [checked] = await check('names-only.ts')
      // The check started no thread of its own.
      expect(started).toHaveLength(1)
      expect(checked?.scenario).toMatchObject({
        name: 'check/names-only',
        description: `ECRClient at load: ${STOOD_IN ? 'undefined' : 'function'}`,
      })
    } finally {
      process.off('worker', onWorker)
    }
  })

  it('in a new thread, loads the files with their SDK clients stood in, then ends the thread', async () => {
    newEnvironment()
    const [checked] = await check('names-only.ts')
    expect(checked?.scenario).toMatchObject({
      name: 'check/names-only',
      description: `ECRClient at load: ${STOOD_IN ? 'undefined' : 'function'}`,
      operations: ['ecr:CreateRepository'],
    })
    // Its exports hold nothing: the thread never goes back to the pool to run a scenario.
    const next = takeThread()
    expect(next.fresh).toBe(STOOD_IN)
    if (next.fresh) await next.worker.terminate()
    else returnThread(next.worker)
  })

  it('keeps a new thread where nothing was stood in, and stands nothing in there afterwards', async () => {
    for (const file of ['no-client.ts', 'commonjs.cts']) {
      newEnvironment()
      await check(file)
      const kept = takeThread()
      expect(kept.fresh, file).toBe(false)
      // What the thread loads next (a run's preload, here) gets the client: standing in ended with the check,
      // and the check below finds the file as the preload loaded it.
      kept.worker.postMessage({ type: 'preload', files: [path.join(dir, 'names-only.ts')] })
      returnThread(kept.worker)
      const [again] = await check('names-only.ts')
      expect(again?.scenario.description, file).toBe('ECRClient at load: function')
      expect(takeThread(), file).toEqual({ worker: kept.worker, fresh: false })
      returnThread(kept.worker)
    }
    const [commonjs] = await check('commonjs.cts')
    expect(commonjs?.scenario.description).toBe('ECRClient at load: function')
  })

  it('checks a file whose top level uses a client again with the clients loaded, in a thread the run keeps', async () => {
    newEnvironment()
    const [checked] = await check('client-at-load.ts')
    expect(checked?.scenario.description).toBe('made at load: ECRClient')
    const kept = takeThread()
    expect(kept.fresh).toBe(false)
    returnThread(kept.worker)
    // A warm thread has the clients already: its check sees them as a run would, and it stays.
    const [again] = await check('names-only.ts')
    expect(again?.scenario.description).toBe('ECRClient at load: function')
    expect(takeThread()).toEqual({ worker: kept.worker, fresh: false })
    returnThread(kept.worker)
  })

  it('reports a file that fails at load as it would with its clients loaded', async () => {
    newEnvironment()
    const failure = await check('broken.ts').catch((error: unknown) => error)
    expect(failure).toMatchObject({
      code: 'SCENARIO_INVALID',
      message: expect.stringMatching(/^Scenario file .*broken\.ts failed to load: broken at load$/),
    })
  })
})
