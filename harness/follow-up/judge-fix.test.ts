/** judgeFix, table-driven: when a follow-up under the patched policy verifies the fix, and when it does not. */
import { describe, expect, it } from 'vitest'
import { allowed, deniedBy } from '../history/run-fixtures.js'
import type { DriftChange, StepResult } from '../history/types.js'
import { judgeFix } from './judge-fix.js'

const ECR = 'ecr/create-tagged-repository'
const denial: DriftChange = { scenario: ECR, step: 'CreateRepository', region: 'ca-central-1', change: 'regression' }
const result = (step: string, outcome: StepResult['outcome'], extra: Partial<StepResult> = {}): StepResult => ({
  scenario: ECR,
  step,
  region: 'ca-central-1',
  outcome,
  startedAt: '2023-02-01T00:00:00Z',
  finishedAt: '2023-02-01T00:00:01Z',
  ...extra,
})

describe('judgeFix', () => {
  it.each([
    [
      'the failing step allowed, nothing else failing',
      [result('CreateRepository', allowed())],
      'verified',
      /1 failing step allowed/,
    ],
    [
      'the failing step still denied',
      [result('CreateRepository', deniedBy('ecr:TagResource', 'arn:aws:ecr:ca-central-1:1:repository/r'))],
      'not-verified',
      /1 step still failing \(.*AWS still asks for ecr:TagResource\)/,
    ],
    ['the failing step did not run again', [], 'not-verified', /did not run again/],
    [
      'a later step, reached only now, denied',
      [result('CreateRepository', allowed()), result('PutImage', deniedBy('ecr:PutImage'))],
      'not-verified',
      /1 other step failing \(.*PutImage/,
    ],
    [
      'a step that must be denied let through by the patch',
      [result('CreateRepository', allowed()), result('DeleteAll', allowed(), { expect: 'denied' })],
      'not-verified',
      /must be denied/,
    ],
    [
      'a step that must be denied still denied',
      [
        result('CreateRepository', allowed()),
        result('DeleteAll', deniedBy('ecr:DeleteRepository'), { expect: 'denied' }),
      ],
      'verified',
      /allowed under the patched policy/,
    ],
  ] as const)('%s → %s', (_name, results, status, reason) => {
    const verdict = judgeFix([denial], [...results])
    expect(verdict.status).toBe(status)
    expect(verdict.reason).toMatch(reason)
  })
})
