/** judgeFix, table-driven: when a follow-up under the patched policy verifies the fix, and when it does not. */
import { describe, expect, it } from 'vitest'
import { allowed, deniedBy } from '../history/run-fixtures.js'
import type { DriftChange, StepResult } from '../history/types.js'
import { planFix } from './failing-steps.js'
import { judgeFix } from './judge-fix.js'
import { type VerifyFixInput, verifyFix } from './verify-fix.js'

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
      /1 step still failing \(.*AWS still asks for ecr:TagResource on arn:aws:ecr:ca-central-1:1:repository\/r\)/,
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

describe('a patched step still denied on another resource of the same action (QA)', () => {
  const EC2 = 'ec2/run-tagged-instance'
  const tagging: DriftChange = {
    scenario: EC2,
    step: 'RunInstances',
    region: 'us-east-1',
    change: 'regression',
    missingAction: 'ec2:CreateTags',
    deniedResource: 'arn:aws:ec2:us-east-1:111111111111:instance/*',
    suggestedStatement: { Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: 'arn:aws:ec2:*:*:instance/*' },
  }
  const stillDenied = (resource: string) => [
    { ...result('RunInstances', deniedBy('ec2:CreateTags', resource)), scenario: EC2, region: 'us-east-1' },
  ]

  it('names the resource AWS still refuses, and says to widen the statement that does not reach it', () => {
    const volume = 'arn:aws:ec2:us-east-1:222222222222:volume/*'
    const verdict = judgeFix([tagging], stillDenied(volume))
    expect(verdict.status).toBe('not-verified')
    expect(verdict.steps[0]?.detail).toBe(
      `AWS still asks for ec2:CreateTags on ${volume}: the patch grants it on arn:aws:ec2:*:*:instance/* only: widen that statement to cover this resource`,
    )
  })

  it('names the resource without the hint when the statement reaches it (something else refuses it)', () => {
    const instance = 'arn:aws:ec2:us-east-1:222222222222:instance/*'
    const verdict = judgeFix([tagging], stillDenied(instance))
    expect(verdict.steps[0]?.detail).toBe(`AWS still asks for ec2:CreateTags on ${instance}`)
  })
})

describe('a denial the patch leaves alone (a declared Deny, a guardrail)', () => {
  it('leaves the fix not verified (applying the patch would leave it failing), saying what is left and why (QA)', () => {
    const blocked: DriftChange = { ...denial, step: 'TagResource', blockedBy: 'Sid "NoTagging"', explicitDeny: true }
    const results = [result('CreateRepository', allowed())]
    const why = 'Sid "NoTagging" denies it: narrow that Deny first'
    const verdict = judgeFix([denial], results, [{ change: blocked, why }])
    expect(verdict.status).toBe('not-verified')
    expect(verdict.reason).toBe(
      `1 denial the patch leaves alone still denied (${ECR} / TagResource @ ca-central-1: left alone by the patch: ${why}); ` +
        '1 failing step allowed under the patched policy',
    )
    expect(verdict.steps.map((step) => [step.step, step.outcome])).toEqual([
      ['CreateRepository', 'allowed'],
      ['TagResource', 'not-run'],
    ])
    expect(verdict.otherFailures).toEqual([])
  })
})

describe('planFix', () => {
  it('verifies the patch on what it patches, and leaves a declared Deny out of the re-run', () => {
    const repo = 'arn:aws:ecr:ca-central-1:1:repository/r'
    const deny = deniedBy('ecr:TagResource', repo)
    if (deny.kind === 'denied') deny.denied = { ...deny.denied, reason: 'explicit deny in an identity-based policy' }
    const changes: DriftChange[] = [
      { ...denial, to: deny, missingAction: 'ecr:TagResource', explicitDeny: true, blockedBy: 'Sid "NoTagging"' },
      {
        scenario: 'logs/create-tagged-log-group',
        step: 'CreateLogGroup',
        region: 'eu-west-1',
        change: 'regression',
        to: deniedBy('logs:TagResource'),
        missingAction: 'logs:TagResource',
        suggestedStatement: { Effect: 'Allow', Action: ['logs:TagResource'], Resource: '*' },
      },
    ]
    // A Deny with no Allow behind it: the patch adds the Allow, but the Deny is narrowed by hand first.
    changes.push({
      ...denial,
      step: 'TagResource',
      to: deny,
      missingAction: 'ecr:TagResource',
      explicitDeny: true,
      blockedBy: 'Sid "NoTagging"',
      suggestedStatement: { Effect: 'Allow', Action: ['ecr:TagResource'], Resource: '*' },
    })
    const plan = planFix({ changes }, { policy: { Version: '2012-10-17', Statement: [] } })
    expect(plan?.denials.map((d) => d.scenario)).toEqual(['logs/create-tagged-log-group'])
    expect(plan?.leftAlone.map((left) => [left.change.step, left.why])).toEqual([
      [
        'CreateRepository',
        'the declared statement Sid "NoTagging" denies it, and no Allow overrides an explicit Deny: narrow or remove that Deny',
      ],
      ['TagResource', 'Sid "NoTagging" denies it: the patch adds the Allow, but narrow that Deny first'],
    ])
    expect(plan).toMatchObject({ scenarios: ['logs/create-tagged-log-group'], regions: ['eu-west-1'] })
  })
})

describe('verifyFix with only denials a declared Deny keeps refusing (QA)', () => {
  it('says there is nothing to verify until the Deny is narrowed, and runs nothing', async () => {
    const deny = deniedBy('ecr:TagResource', 'arn:aws:ecr:ca-central-1:1:repository/r')
    if (deny.kind === 'denied') deny.denied = { ...deny.denied, reason: 'explicit deny in an identity-based policy' }
    const change: DriftChange = {
      ...denial,
      to: deny,
      missingAction: 'ecr:TagResource',
      explicitDeny: true,
      blockedBy: 'Sid "NoTagging"',
      suggestedStatement: { Effect: 'Allow', Action: ['ecr:TagResource'], Resource: '*' },
    }
    // Nothing else is given: a re-run would need the config, scenarios and progress, and must not start.
    const input = { report: { changes: [change] }, record: { policy: { Version: '2012-10-17', Statement: [] } } }
    const verification = await verifyFix(input as unknown as VerifyFixInput)
    expect(verification).toMatchObject({ status: 'not-verified', regions: [], scenarios: [] })
    expect(verification?.reason).toBe(
      `nothing to verify until the Deny is narrowed (${ECR} / CreateRepository @ ca-central-1: narrow Sid "NoTagging" first)`,
    )
  })
})
