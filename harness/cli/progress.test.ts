import { describe, expect, it } from 'vitest'
import type { StepResult } from '../history/types.js'
import type { Outcome } from '../outcomes/types.js'
import { heartbeatIntervalMs, outputStyle } from './io.js'
import { createProgress, describeStep } from './progress.js'

const step = (outcome: Outcome): StepResult => ({
  scenario: 'logs/create-tagged-log-group',
  step: 'CreateLogGroup',
  region: 'ap-east-1',
  outcome,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:00.112Z',
})

describe('progress lines', () => {
  it.each([
    [{ kind: 'allowed', durationMs: 112 }, 'logs/create-tagged-log-group › CreateLogGroup: allowed (112 ms)'],
    [
      { kind: 'allowed', dryRun: true, durationMs: 5 },
      'logs/create-tagged-log-group › CreateLogGroup: allowed (DryRun) (5 ms)',
    ],
    [
      {
        kind: 'denied',
        errorName: 'AccessDeniedException',
        message: 'm',
        denied: { action: 'logs:TagResource' },
        durationMs: 9,
      },
      'logs/create-tagged-log-group › CreateLogGroup: denied AccessDeniedException logs:TagResource (9 ms)',
    ],
    [
      { kind: 'error', errorName: 'TypeError', message: 'x is not\n a function', durationMs: 3 },
      'logs/create-tagged-log-group › CreateLogGroup: error TypeError: x is not a function (3 ms)',
    ],
    [
      { kind: 'skipped', reason: 'interrupted', durationMs: 0 },
      'logs/create-tagged-log-group › CreateLogGroup: skipped: interrupted (0 ms)',
    ],
  ] as Array<[Outcome, string]>)('describes %j', (outcome, text) => {
    expect(describeStep(step(outcome))).toBe(text)
  })

  it('marks a step that ran in a seasoned account NOT fresh, with the account', () => {
    const seasoned = {
      ...step({ kind: 'allowed', durationMs: 7 } as Outcome),
      accountId: '222222222222',
      freshness: 'seasoned' as const,
      notFresh: 'seasoned: account 222222222222 has used this scenario’s operations in ap-east-1 before',
    }
    expect(describeStep(seasoned)).toBe(
      'logs/create-tagged-log-group › CreateLogGroup: allowed (7 ms) [NOT fresh: 222222222222]',
    )
  })

  it('prints plain region-prefixed lines without color, and colors the kind with color on', () => {
    const plain: string[] = []
    createProgress((line) => plain.push(line), { color: false }).step(step({ kind: 'allowed', durationMs: 112 }))
    expect(plain).toEqual(['[ap-east-1] logs/create-tagged-log-group › CreateLogGroup: allowed (112 ms)\n'])
    const colored: string[] = []
    createProgress((line) => colored.push(line), { color: true }).region('ap-east-1', 'region DISABLED → enabling…')
    expect(colored[0]).toContain('\u001b[36m[ap-east-1]\u001b[0m region DISABLED → enabling…')
  })

  it.each([
    [{ isTTY: true }, {}, { color: true, plain: false }],
    [{ isTTY: true }, { NO_COLOR: '1' }, { color: false, plain: false }],
    [{ isTTY: true }, { CI: 'true' }, { color: false, plain: true }],
    [{ isTTY: false }, {}, { color: false, plain: true }],
  ])('output style for stdout %j with env %j', (stdout, env, expected) => {
    const io = { stdout: { write: () => true, ...stdout }, stderr: { write: () => true }, env, cwd: '/' }
    expect(outputStyle(io)).toEqual(expected)
  })

  it.each([
    [{ isTTY: true }, {}, 10_000],
    [{ isTTY: true }, { NO_COLOR: '1' }, 10_000],
    [{ isTTY: true }, { CI: 'true' }, 30_000],
    [{ isTTY: false }, {}, 30_000],
  ])('long waits say "still waiting" for stdout %j with env %j every %i ms', (stdout, env, expected) => {
    const io = { stdout: { write: () => true, ...stdout }, stderr: { write: () => true }, env, cwd: '/' }
    expect(heartbeatIntervalMs(io)).toBe(expected)
  })
})
