import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Outcome } from '../outcomes/types.js'
import { policyAllowsAction } from '../policy/index.js'
import { fixSentence } from '../reporters/format.js'
import { fixList } from '../reporters/region-verdict.js'
import { selectStepBaselines } from './baseline.js'
import { diffRuns, diffSteps } from './diff.js'
import { needsPatch, patchPolicy } from './policy-patch.js'
import { allowed, deniedBy, failed, logsTagOnCreate2022, makeRun } from './run-fixtures.js'
import { suggestFix } from './suggest-fix.js'

const MINIMAL = JSON.parse(readFileSync(new URL('../../scenarios/minimal-policy.json', import.meta.url), 'utf8'))
const REPO = (region: string) => `arn:aws:ecr:${region}:210987654321:repository/harness-repo-k3j9`

/** The shipped minimal policy without one action, as a user who forgot it would declare it. */
function without(action: string): Record<string, unknown> {
  const policy = structuredClone(MINIMAL)
  for (const statement of policy.Statement) {
    if (Array.isArray(statement.Action)) statement.Action = statement.Action.filter((a: string) => a !== action)
  }
  return policy
}

const ECR = 'ecr/create-tagged-repository'
const LOGS = 'logs/create-tagged-log-group'

describe('suggestFix with the declared policy', () => {
  it('keeps the covering statement’s resource scope instead of widening to repository/*', () => {
    const fix = suggestFix(
      { action: 'ecr:TagResource', resource: REPO('ca-central-1') },
      'CreateRepository',
      without('ecr:TagResource'),
    )
    expect(fix.suggestedStatement?.Resource).toBe('arn:aws:ecr:*:*:repository/harness-repo-*')
    expect(fix.amendsStatement).toBe('Sid "EcrCreateTaggedRepository"')
  })

  it('scopes a Logs 2022 denial (no resource named) by the statement that grants CreateLogGroup', () => {
    const fix = suggestFix(
      { operation: 'CreateLogGroup', actionCandidates: ['logs:TagResource', 'logs:TagLogGroup'] },
      'CreateLogGroup',
      without('logs:TagResource'),
    )
    expect(fix.suggestedStatement?.Resource).toBe('arn:aws:logs:*:*:log-group:harness-lg-*')
    expect(fix.amendsStatement).toBe('Sid "LogsCreateTaggedLogGroup"')
  })

  it('names the denied resource (region and account as wildcards) when no statement covers it, never its whole type', () => {
    const fix = suggestFix({ action: 'sqs:TagQueue', resource: 'arn:aws:sqs:eu-west-1:210987654321:q1' }, 'X', MINIMAL)
    expect(fix.suggestedStatement?.Resource).toBe('arn:aws:sqs:*:*:q1')
    expect(fix.amendsStatement).toBeUndefined()
  })

  it("makes only the run's unique-name token and what follows it a wildcard", () => {
    const denied = { action: 'sqs:TagQueue', resource: 'arn:aws:sqs:eu-west-1:210987654321:harness-q-k3j9ab-1' }
    expect(suggestFix(denied, 'CreateQueue', MINIMAL, 'k3j9ab').suggestedStatement?.Resource).toBe(
      'arn:aws:sqs:*:*:harness-q-*',
    )
  })
})

describe('a suggested fix never widens a statement beyond the denied resource', () => {
  // Given a declared statement scoped to one repository name pattern
  const scoped = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Repos', Effect: 'Allow', Action: ['ecr:CreateRepository'], Resource: 'arn:aws:ecr:*:*:repository/app-*' },
    ],
  }
  const denialOn = (name: string) => ({
    action: 'ecr:TagResource',
    resource: `arn:aws:ecr:eu-west-1:210987654321:repository/${name}`,
  })
  const patchFor = (name: string) => {
    const before = makeRun('r1', '2026-01-01T00:00:00Z', [[ECR, 'CreateRepository', 'eu-west-1', allowed()]], {
      policy: scoped,
    })
    const denied = deniedBy('ecr:TagResource', denialOn(name).resource)
    const after = makeRun('r2', '2026-01-02T00:00:00Z', [[ECR, 'CreateRepository', 'eu-west-1', denied]], {
      policy: scoped,
    })
    return patchPolicy(scoped, diffRuns(before, after).changes.filter(needsPatch))
  }

  it('amends the statement with the action only when its resource covers the denied one', () => {
    // When the denied repository is inside the statement's scope
    const patch = patchFor('app-x1')
    // Then the statement gains the action and keeps its resource exactly
    expect(patch.amendments).toEqual([
      expect.objectContaining({ statement: 'Sid "Repos"', addedActions: ['ecr:TagResource'] }),
    ])
    expect(patch.additions).toEqual([])
    const statement = (patch.after as typeof scoped).Statement[0]!
    expect(statement.Resource).toBe('arn:aws:ecr:*:*:repository/app-*')
    expect(statement.Action).toEqual(['ecr:CreateRepository', 'ecr:TagResource'])
  })

  it('adds a new statement naming the denied resource when the statement does not cover it', () => {
    // When the denied repository is outside the statement's scope
    const patch = patchFor('other-x1')
    // Then the scoped statement is untouched and the new one names that repository, not repository/*
    expect(patch.amendments).toEqual([])
    expect((patch.after as typeof scoped).Statement[0]).toEqual(scoped.Statement[0])
    expect(patch.additions.map((a) => a.statement.Resource)).toEqual(['arn:aws:ecr:*:*:repository/other-x1'])
    expect(patch.additions[0]!.statement.Action).toEqual(['ecr:TagResource'])
    // And it grants nothing on a repository the denial did not name
    expect(
      policyAllowsAction(
        patch.after as typeof MINIMAL,
        'ecr:TagResource',
        'arn:aws:ecr:eu-west-1:210987654321:repository/unrelated',
      ),
    ).toBe(false)
  })
})

describe('patchPolicy', () => {
  // Given the ECR tag permission forgotten, denied in three regions, and the Logs 2022 change in one
  const policy = without('ecr:TagResource')
  const specs = (denied: boolean) =>
    ['ca-central-1', 'eu-west-1', 'ap-east-1'].map(
      (region) =>
        [ECR, 'CreateRepository', region, denied ? deniedBy('ecr:TagResource', REPO(region)) : allowed()] as [
          string,
          string,
          string,
          ReturnType<typeof allowed>,
        ],
    )
  const before = makeRun(
    'r1',
    '2026-01-01T00:00:00Z',
    [...specs(false), [LOGS, 'CreateLogGroup', 'af-south-1', allowed()]],
    {
      policy,
    },
  )
  const after = makeRun(
    'r2',
    '2026-01-02T00:00:00Z',
    [...specs(true), [LOGS, 'CreateLogGroup', 'af-south-1', logsTagOnCreate2022()]],
    { policy },
  )
  const report = diffRuns(before, after)

  it('amends each covering statement once for all regions, adding no wider statement', () => {
    // When the open regressions are patched
    const patch = patchPolicy(policy, report.changes.filter(needsPatch))
    // Then the ECR statement gains ecr:TagResource once, for three regions, and nothing is added
    expect(patch.amendments).toEqual([
      {
        statement: 'Sid "EcrCreateTaggedRepository"',
        addedActions: ['ecr:TagResource'],
        fixes: [
          `${ECR} / CreateRepository @ ap-east-1`,
          `${ECR} / CreateRepository @ ca-central-1`,
          `${ECR} / CreateRepository @ eu-west-1`,
        ],
      },
    ])
    expect(patch.additions).toEqual([])
    // The Logs statement already grants logs:TagResource: the patch says so instead of adding it twice
    expect(patch.notPatched).toEqual([
      {
        where: `${LOGS} / CreateLogGroup @ af-south-1`,
        why: 'Sid "LogsCreateTaggedLogGroup" already grants logs:TagResource on that resource: something else denies it',
      },
    ])
    const fixed = patch.after as typeof MINIMAL
    const ecr = fixed.Statement.find((s: { Sid: string }) => s.Sid === 'EcrCreateTaggedRepository')
    expect(ecr.Resource).toBe('arn:aws:ecr:*:*:repository/harness-repo-*')
    expect(policyAllowsAction(fixed, 'ecr:TagResource', REPO('eu-west-1'))).toBe(true)
    expect(policyAllowsAction(fixed, 'ecr:TagResource', 'arn:aws:ecr:eu-west-1:210987654321:repository/other')).toBe(
      false,
    )
    // And the declared policy itself is untouched
    expect(policy).toEqual(without('ecr:TagResource'))
  })

  it('adds one statement for denials no statement covers, with the EC2 create-action condition kept', () => {
    const denial = (region: string) =>
      deniedBy('ec2:CreateTags', `arn:aws:ec2:${region}:210987654321:volume/vol-0abc1234def567890`)
    const run = makeRun(
      'r3',
      '2026-01-03T00:00:00Z',
      [
        ['ec2/run', 'RunInstances', 'us-east-1', denial('us-east-1')],
        ['ec2/run', 'RunInstances', 'us-west-2', denial('us-west-2')],
      ],
      { policy: { Version: '2012-10-17', Statement: [] } },
    )
    const changes = diffRuns(null, run).changes.filter(needsPatch)
    const patch = patchPolicy(run.policy, changes)
    expect(patch.additions).toHaveLength(1)
    expect(patch.additions[0]!.statement).toEqual({
      Sid: 'HarnessDriftFix1',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [
        'arn:aws:ec2:*:*:instance/*',
        'arn:aws:ec2:*:*:volume/*',
        'arn:aws:ec2:*:*:network-interface/*',
        'arn:aws:ec2:*:*:spot-instances-request/*',
      ],
      Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    })
    expect(patch.additions[0]!.fixes).toHaveLength(2)
  })

  describe('EC2 tag-on-create (AWS names only the first type it refuses)', () => {
    const INSTANCE = 'arn:aws:ec2:us-east-1:210987654321:instance/*'
    const onCreate = { 'ec2:CreateAction': 'RunInstances' }
    const withoutTagging = () => {
      const policy = structuredClone(MINIMAL)
      policy.Statement = policy.Statement.filter((s: { Sid: string }) => s.Sid !== 'Ec2TagOnRunInstances')
      return policy
    }
    const patched = (policy: unknown) => {
      const run = makeRun(
        'r1',
        '2026-01-01T00:00:00Z',
        [['ec2/run-tagged-instance', 'RunInstances', 'us-east-1', deniedBy('ec2:CreateTags', INSTANCE)]],
        { policy },
      )
      const changes = diffRuns(null, run).changes.filter(needsPatch)
      return { change: changes[0]!, patch: patchPolicy(policy, changes) }
    }

    it('patches the policy so the volume tagged in the same RunInstances is granted too, on the first apply', () => {
      const { patch } = patched(withoutTagging())
      for (const type of ['instance', 'volume', 'network-interface', 'spot-instances-request'])
        expect(
          policyAllowsAction(patch.after as never, 'ec2:CreateTags', INSTANCE.replace('instance', type), onCreate),
        ).toBe(true)
      // Least privilege: tags only as RunInstances creates the resource, never on an existing one.
      expect(policyAllowsAction(patch.after as never, 'ec2:CreateTags', INSTANCE, {})).toBe(false)
      expect(
        policyAllowsAction(
          patch.after as never,
          'ec2:CreateTags',
          'arn:aws:ec2:us-east-1:210987654321:vpc/*',
          onCreate,
        ),
      ).toBe(false)
    })

    it('says why the statement names more types than the denial', () => {
      const { change } = patched(withoutTagging())
      expect(fixSentence(change)).toBe(
        'add this statement to the declared policy; it grants ec2:CreateTags on every resource type RunInstances can tag (instance, volume, network-interface, spot-instances-request), and only while RunInstances creates them (ec2:CreateAction): AWS names only the first resource it refuses, and a grant on that one alone is refused on the next',
      )
    })

    it('adds a full statement beside a declared one covering the instance only, rather than amending it', () => {
      const policy = withoutTagging()
      policy.Statement.push({
        Sid: 'TagInstancesOnLaunch',
        Effect: 'Allow',
        Action: ['ec2:DeleteTags'],
        Resource: 'arn:aws:ec2:*:*:instance/*',
        Condition: { StringEquals: onCreate },
      })
      const { change, patch } = patched(policy)
      expect(change.amendsStatement).toBeUndefined()
      expect(patch.amendments).toEqual([])
      expect(patch.additions).toHaveLength(1)
    })

    it('amends a declared statement that covers every type RunInstances can tag', () => {
      const policy = withoutTagging()
      policy.Statement.push({
        Sid: 'TagOnLaunch',
        Effect: 'Allow',
        Action: ['ec2:DeleteTags'],
        Resource: 'arn:aws:ec2:*:*:*/*',
        Condition: { StringEquals: onCreate },
      })
      const { change, patch } = patched(policy)
      expect(change.amendsStatement).toBe('Sid "TagOnLaunch"')
      expect(patch.amendments).toEqual([
        { statement: 'Sid "TagOnLaunch"', addedActions: ['ec2:CreateTags'], fixes: [expect.any(String)] },
      ])
    })
  })

  it('leaves guardrail denials out of the patch, saying why', () => {
    const scp = deniedBy('ecr:TagResource', REPO('ca-central-1'))
    if (scp.kind === 'denied') scp.denied = { ...scp.denied, policyType: 'service control' }
    const run = makeRun('r4', '2026-01-04T00:00:00Z', [[ECR, 'CreateRepository', 'ca-central-1', scp]], { policy })
    const report = diffRuns(before, run)
    const patch = patchPolicy(policy, report.changes.filter(needsPatch))
    expect(patch.amendments).toEqual([])
    expect(patch.notPatched[0]?.why).toMatch(/service control policy/)
  })
})

describe('a denial still open on a night that did not see it', () => {
  it('is patched: a regression throttled tonight still gets its statement', () => {
    const policy = without('ecr:TagResource')
    const night = (id: string, day: string, outcome: ReturnType<typeof allowed>) =>
      makeRun(id, day, [[ECR, 'CreateRepository', 'ca-central-1', outcome]], { policy })
    const history = [
      night('r1', '2026-01-01T00:00:00Z', allowed()),
      night('r2', '2026-01-02T00:00:00Z', deniedBy('ecr:TagResource', REPO('ca-central-1'))),
    ]
    const throttled = night('r3', '2026-01-03T00:00:00Z', failed('throttled', 'ThrottlingException'))
    const report = diffSteps(selectStepBaselines(throttled, history).baselines, throttled, history)
    const [change] = report.changes
    expect(change).toMatchObject({ change: 'inconclusive', stillDenied: true, missingAction: 'ecr:TagResource' })
    expect(needsPatch(change!)).toBe(true)
    expect(patchPolicy(policy, [change!]).amendments.flatMap((a) => a.addedActions)).toEqual(['ecr:TagResource'])
  })
})

describe('an explicit Deny: no Allow overrides it, so the fix is the Deny', () => {
  const explicit = (policyType?: string) => ({
    action: 'ecr:TagResource',
    resource: REPO('ca-central-1'),
    reason: policyType ? `explicit deny in a ${policyType} policy` : 'explicit deny',
    ...(policyType ? { policyType } : {}),
  })
  const denying = (deny: Record<string, unknown>) => {
    const policy = structuredClone(MINIMAL)
    policy.Statement.push({ Effect: 'Deny', ...deny })
    return policy
  }
  /** No Allow of ecr:TagResource, and a Deny of it: a cautious policy before AWS started asking for it. */
  const deniedWithoutAllow = () => {
    const policy = without('ecr:TagResource')
    ;(policy.Statement as unknown[]).push({
      Sid: 'NoTagging',
      Effect: 'Deny',
      Action: 'ecr:TagResource',
      Resource: '*',
    })
    return policy
  }
  /** CreateRepository denied ecr:TagResource by an explicit deny in the identity-based policy. */
  const explicitDenial = (): Outcome => {
    const outcome = deniedBy('ecr:TagResource', REPO('ca-central-1'))
    if (outcome.kind === 'denied') outcome.denied = { ...outcome.denied, ...explicit('identity-based') }
    return outcome
  }
  /** The diff of a run allowed under `baseline`, then explicitly denied under `policy`. */
  const deniedAfterEdit = (baseline: unknown, policy: unknown) =>
    diffRuns(
      makeRun('r1', '2026-01-01T00:00:00Z', [[ECR, 'CreateRepository', 'ca-central-1', allowed()]], {
        policy: baseline,
      }),
      makeRun('r2', '2026-01-02T00:00:00Z', [[ECR, 'CreateRepository', 'ca-central-1', explicitDenial()]], { policy }),
    )

  it('names the declared Deny statement that matches, and suggests no statement', () => {
    const policy = denying({ Sid: 'NoTagging', Action: 'ecr:Tag*', Resource: '*' })
    const fix = suggestFix(explicit('identity-based'), 'CreateRepository', policy)
    expect(fix).toEqual({
      missingAction: 'ecr:TagResource',
      explicitDeny: true,
      blockedBy: 'Sid "NoTagging"',
      deniedResource: REPO('ca-central-1'),
    })
  })

  it('adds the statement too when no Allow grants the action either: lifting the Deny alone would not do', () => {
    const policy = deniedWithoutAllow()
    const fix = suggestFix(explicit('identity-based'), 'CreateRepository', policy)
    expect(fix).toMatchObject({
      explicitDeny: true,
      blockedBy: 'Sid "NoTagging"',
      amendsStatement: 'Sid "EcrCreateTaggedRepository"',
      suggestedStatement: {
        Effect: 'Allow',
        Action: ['ecr:TagResource'],
        Resource: 'arn:aws:ecr:*:*:repository/harness-repo-*',
      },
    })
    const change = {
      ...fix,
      scenario: ECR,
      step: 'CreateRepository',
      region: 'ca-central-1',
      change: 'regression' as const,
    }
    expect(fixSentence(change)).toBe(
      'remove or narrow the Deny in the declared statement Sid "NoTagging" (no Allow overrides an explicit Deny), and add ecr:TagResource to the declared statement Sid "EcrCreateTaggedRepository" (same resource scope), or add this equivalent statement',
    )
    expect(fixList([change])).toBe('add ecr:TagResource; narrow the Deny of ecr:TagResource (Sid "NoTagging")')
    // The patch adds the Allow, and names the Deny it leaves in place to be narrowed by hand.
    const patch = patchPolicy(policy, [{ ...change, to: deniedBy('ecr:TagResource', REPO('ca-central-1')) }])
    expect(patch.amendments).toEqual([
      { statement: 'Sid "EcrCreateTaggedRepository"', addedActions: ['ecr:TagResource'], fixes: [expect.any(String)] },
    ])
    expect(patch.toNarrow).toEqual([{ where: `${ECR} / CreateRepository @ ca-central-1`, deny: 'Sid "NoTagging"' }])
    expect(patch.notPatched).toEqual([])
  })

  it('reads NotAction and NotResource, and prefers a Deny without a Condition', () => {
    const policy = structuredClone(MINIMAL)
    policy.Statement.push(
      { Effect: 'Deny', NotAction: 'ecr:Tag*', Resource: '*' },
      { Effect: 'Deny', Action: '*', NotResource: REPO('ca-central-1') },
      { Sid: 'OnlyInTests', Effect: 'Deny', Action: 'ecr:*', Resource: '*', Condition: { Bool: { x: 'true' } } },
      { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:ecr:*:*:repository/other-*' },
    )
    const last = policy.Statement.length - 1
    expect(suggestFix(explicit(), 'CreateRepository', policy).blockedBy).toBe(`Statement[${last}]`)
    policy.Statement.pop()
    expect(suggestFix(explicit(), 'CreateRepository', policy).blockedBy).toBe('Sid "OnlyInTests"')
  })

  it('for a Deny in a service control policy, suggests no Allow, and names a declared Deny only if it refuses too', () => {
    const conditional = { Sid: 'NoTagging', Action: 'ecr:TagResource', Resource: '*', Condition: { Bool: { x: 'y' } } }
    const fix = suggestFix(explicit('service control'), 'CreateRepository', denying(conditional))
    expect(fix.explicitDeny).toBe(true)
    expect(fix.blockedBy).toBeUndefined()
    expect(fix.suggestedStatement).toBeUndefined()
    // A declared Deny without a Condition refuses the call as well: lifting the SCP's alone would not do.
    const always = denying({ Sid: 'NoTagging', Action: 'ecr:TagResource', Resource: '*' })
    expect(suggestFix(explicit('service control'), 'CreateRepository', always).blockedBy).toBe('Sid "NoTagging"')
  })

  it('reads a declared Deny without a Condition into messages that do not say "explicit deny" (Logs 2022)', () => {
    const both = denying({ Sid: 'NoLogTags', Action: ['logs:TagResource', 'logs:TagLogGroup'], Resource: '*' })
    const logs2022 = logsTagOnCreate2022()
    const denial = logs2022.kind === 'denied' ? logs2022.denied : undefined
    expect(suggestFix(denial, 'CreateLogGroup', both)).toMatchObject({
      explicitDeny: true,
      blockedBy: 'Sid "NoLogTags"',
    })
    // Either permission suffices (AWS's "either logs:TagResource or logs:TagLogGroup"): the fix grants the other.
    const one = denying({ Sid: 'NoTagResource', Action: 'logs:TagResource', Resource: '*' })
    const fix = suggestFix(denial, 'CreateLogGroup', one)
    expect(fix.explicitDeny).toBeUndefined()
    expect(fix.missingAction).toBe('logs:TagLogGroup')
    expect(fix.suggestedStatement?.Action).toEqual(['logs:TagLogGroup'])
  })

  it('marks an explicit deny that names no action, so no reporter says to add one', () => {
    expect(suggestFix({ reason: 'explicit deny' }, 'CreateRepository', MINIMAL)).toEqual({ explicitDeny: true })
  })

  it('evaluates an EC2 tag-on-create Deny with ec2:CreateAction, so the added Deny is the cause', () => {
    const volume = 'arn:aws:ec2:us-east-1:210987654321:volume/vol-0abc1234def567890'
    const outcome = deniedBy('ec2:CreateTags', volume)
    if (outcome.kind === 'denied')
      outcome.denied = { ...outcome.denied, reason: 'explicit deny in an identity-based policy' }
    const policy = denying({ Sid: 'NoTags', Action: 'ec2:CreateTags', Resource: '*' })
    const before = makeRun('r1', '2026-01-01T00:00:00Z', [['ec2/run', 'RunInstances', 'us-east-1', allowed()]], {
      policy: MINIMAL,
    })
    const after = makeRun('r2', '2026-01-02T00:00:00Z', [['ec2/run', 'RunInstances', 'us-east-1', outcome]], { policy })
    expect(diffRuns(before, after).changes[0]).toMatchObject({
      cause: 'policy-change',
      causeText: `you added a Deny of ec2:CreateTags (Sid "NoTags") in this run's policy`,
      blockedBy: 'Sid "NoTags"',
    })
  })

  it('words a Deny removed, or one without a Condition added beside a conditional one, as the edit it was', () => {
    const run = (id: string, at: string, outcome: Outcome, policy: unknown) =>
      makeRun(id, at, [[ECR, 'CreateRepository', 'ca-central-1', outcome]], { policy })
    const denied = denying({ Sid: 'NoTagging', Action: 'ecr:TagResource', Resource: '*' })
    const relaxed = diffRuns(
      run('r1', '2026-01-01T00:00:00Z', explicitDenial(), denied),
      run('r2', '2026-01-02T00:00:00Z', allowed(), MINIMAL),
    )
    expect(relaxed.changes[0]?.causeText).toBe(
      `you removed the Deny of ecr:TagResource (Sid "NoTagging") in this run's policy`,
    )
    const conditional = denying({
      Sid: 'OnlyAtNight',
      Action: 'ecr:*',
      Resource: '*',
      Condition: { Bool: { 'aws:ViaAWSService': 'true' } },
    })
    const both = structuredClone(conditional)
    both.Statement.push({ Sid: 'NoTagging', Effect: 'Deny', Action: 'ecr:TagResource', Resource: '*' })
    const added = diffRuns(
      run('r1', '2026-01-01T00:00:00Z', allowed(), conditional),
      run('r2', '2026-01-02T00:00:00Z', explicitDenial(), both),
    )
    expect(added.changes[0]?.causeText).toBe(
      `you added a Deny of ecr:TagResource (Sid "NoTagging") in this run's policy`,
    )
  })

  it('attributes an explicit denial to an added Deny whose Condition the record cannot evaluate (QA)', () => {
    const regional = { Sid: 'NoTagInCanada', Action: 'ecr:TagResource', Resource: '*' }
    const policy = denying({ ...regional, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })
    expect(deniedAfterEdit(MINIMAL, policy).changes[0]).toMatchObject({
      cause: 'policy-change',
      causeText: `you added a Deny of ecr:TagResource (Sid "NoTagInCanada") in this run's policy`,
    })
  })

  it('reads the region and the order of alternatives into the fix (review)', () => {
    // An Allow only in the denied region still grants: lifting the Deny is the whole fix.
    const regional = without('ecr:TagResource')
    ;(regional.Statement as unknown[]).push(
      {
        Effect: 'Allow',
        Action: 'ecr:TagResource',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'ca-central-1' } },
      },
      { Sid: 'NoTagging', Effect: 'Deny', Action: 'ecr:TagResource', Resource: '*' },
    )
    const fix = suggestFix(explicit('identity-based'), 'CreateRepository', regional, undefined, 'ca-central-1')
    expect(fix).toMatchObject({ explicitDeny: true, blockedBy: 'Sid "NoTagging"' })
    expect(fix.suggestedStatement).toBeUndefined()
    // Of alternatives, the one no declared Deny refuses is the one to grant.
    const logs2022 = logsTagOnCreate2022()
    const denial = logs2022.kind === 'denied' ? { ...logs2022.denied, reason: 'explicit deny' } : undefined
    const noTagResource = denying({ Action: 'logs:TagResource', Resource: '*' })
    noTagResource.Statement = noTagResource.Statement.filter(
      (s: { Sid?: string }) => s.Sid !== 'LogsCreateTaggedLogGroup',
    )
    noTagResource.Statement.push({ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' })
    expect(suggestFix(denial, 'CreateLogGroup', noTagResource)).toMatchObject({
      explicitDeny: true,
      missingAction: 'logs:TagLogGroup',
      suggestedStatement: { Action: ['logs:TagLogGroup'] },
    })
  })

  it('names AWS and the added Deny both when the baseline policy did not grant the action either (review)', () => {
    const policy = deniedWithoutAllow()
    expect(deniedAfterEdit(without('ecr:TagResource'), policy).changes[0]).toMatchObject({
      cause: 'aws-change',
      causeText: expect.stringMatching(
        /^AWS changed what this call needs.*; the Deny Sid "NoTagging" your edit added refuses it too$/,
      ),
    })
  })

  it('names a removed Deny without a Condition though the Logs 2022 wording never says "explicit deny" (review)', () => {
    const both = denying({ Sid: 'NoLogTags', Action: ['logs:TagResource', 'logs:TagLogGroup'], Resource: '*' })
    const run = (id: string, at: string, outcome: Outcome, policy: unknown) =>
      makeRun(id, at, [[LOGS, 'CreateLogGroup', 'ca-central-1', outcome]], { policy })
    const relaxed = diffRuns(
      run('r1', '2026-01-01T00:00:00Z', logsTagOnCreate2022(), both),
      run('r2', '2026-01-02T00:00:00Z', allowed(), MINIMAL),
    )
    expect(relaxed.changes[0]).toMatchObject({
      cause: 'policy-change',
      causeText: `you removed the Deny of logs:TagResource / logs:TagLogGroup (Sid "NoLogTags") in this run's policy`,
    })
  })

  it('leaves the denial out of the patch, naming the Deny to narrow', () => {
    const policy = denying({ Sid: 'NoTagging', Action: 'ecr:TagResource', Resource: '*' })
    const report = deniedAfterEdit(MINIMAL, policy)
    expect(report.changes[0]).toMatchObject({
      cause: 'policy-change',
      causeText: `you added a Deny of ecr:TagResource (Sid "NoTagging") in this run's policy`,
    })
    const patch = patchPolicy(policy, report.changes.filter(needsPatch))
    expect(patch.additions).toEqual([])
    expect(patch.amendments).toEqual([])
    expect(patch.notPatched[0]?.why).toMatch(/^the declared statement Sid "NoTagging" denies it/)
  })
})
