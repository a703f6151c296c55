import { describe, expect, it } from 'vitest'
import { defineScenario } from '../index.js'
import { runScenario, SCENARIO_CRASH_STEP } from './run-scenario.js'
import { testRegionRun } from './test-region-run.js'

const run = testRegionRun()

describe('runScenario', () => {
  it('records a crash outside step() without the credentials in its name or message', async () => {
    // Given a scenario that throws an error whose name and message embed an access key id
    const scenario = defineScenario({
      name: 'leaky',
      async run() {
        throw Object.assign(new Error('key ASIAQWERTYUIOPASDFGH'), { name: 'BadASIAQWERTYUIOPASDFGH' })
      },
    })
    // When it runs, Then the crash is recorded as an error step, redacted
    const [result] = await runScenario(scenario, run)
    expect(result?.step).toBe(SCENARIO_CRASH_STEP)
    expect(JSON.stringify(result)).not.toContain('ASIAQWERTYUIOPASDFGH')
    expect(result?.outcome).toMatchObject({ kind: 'error', errorName: 'Bad[REDACTED]' })
  })
})

describe('a step the run record cannot hold (QA)', () => {
  const denied = () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
  const allowedCall = () => Promise.resolve('ok')
  it.each<[string, (step: StepFn) => Promise<void>, string]>([
    [
      'a second step of the same name (it would hide the first one’s denial)',
      async (step: StepFn) => {
        await step('Create', denied)
        await step('Create', allowedCall)
      },
      'step() refused: step "Create" already ran in this scenario',
    ],
    [
      'an empty name',
      async (step: StepFn) => void (await step('', allowedCall)),
      'step() refused: a step needs a non-empty name (got "")',
    ],
    [
      'a name longer than 120 characters',
      async (step: StepFn) => void (await step('Describe'.repeat(30), allowedCall)),
      'step() refused: step name "DescribeDescribeDescribeDescribeDescribe…" is 240 characters; at most 120',
    ],
    [
      'a misspelt expect',
      async (step: StepFn) => void (await step('Create', allowedCall, { expect: 'denyed' } as never)),
      `step() refused: step option expect must be 'denied' (got "denyed")`,
    ],
    [
      'a repeated name whose refusal the scenario catches (QA: it passed)',
      async (step: StepFn) => {
        await Promise.allSettled([step('Call', allowedCall), step('Call', denied)])
      },
      'step() refused: step "Call" already ran in this scenario',
    ],
    [
      'a dependsOn naming no earlier step (QA: a typo skipped the step for good, and the run passed)',
      async (step: StepFn) => {
        await step('CreateTopic', allowedCall)
        await step('Publish', allowedCall, { dependsOn: 'CreateTopik' })
      },
      'step() refused: step option dependsOn names "CreateTopik", which no earlier step() or skip() of this scenario used (did you mean "CreateTopic"?)',
    ],
    [
      'an unknown option',
      async (step: StepFn) => void (await step('Create', allowedCall, { bogus: true } as never)),
      'step() refused: unknown step option "bogus" (known: dependsOn, expect)',
    ],
  ])('%s: refused before its call, the run incomplete and its other steps kept', async (_what, body, message) => {
    const scenario = defineScenario({ name: 'authoring', run: ({ step }) => body(step) })
    const results = await runScenario(scenario, run)
    const crash = results.at(-1)
    expect(crash?.step).toBe(SCENARIO_CRASH_STEP)
    expect(crash?.outcome).toMatchObject({ kind: 'error', errorName: 'StepMisuseError' })
    expect(crash?.outcome.kind === 'error' && crash.outcome.message).toContain(message)
    // Every recorded step has a distinct, valid key: the first "Create" keeps its denial.
    const steps = results.map((result) => result.step)
    expect(new Set(steps).size).toBe(steps.length)
    if (steps.includes('Create')) expect(results[0]?.outcome.kind).toBe('denied')
  })
})

type StepFn = Parameters<Parameters<typeof defineScenario>[0]['run']>[0]['step']
