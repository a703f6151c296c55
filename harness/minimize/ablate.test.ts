/** Ablation, ARN generalization and widening by denials, pure: a probe here is a rule over the kept actions, as the emulator would answer. */
import { describe, expect, it } from 'vitest'
import type { StepResult } from '../history/types.js'
import { ablateActions } from './ablate.js'
import { generalizeArn, withDeniedResources } from './narrow.js'
import type { ProbeResult } from './probe.js'

/** A step needs every action of `needs`; its denial names the first missing one when `names` is set. */
function fakeProbe(needs: string[][], names: boolean) {
  let runs = 0
  const probe = async (actions: string[]): Promise<ProbeResult> => {
    runs++
    const results: StepResult[] = needs.map((required, index) => {
      const missing = required.find((action) => !actions.includes(action))
      const outcome = missing
        ? {
            kind: 'denied' as const,
            durationMs: 1,
            errorName: 'AccessDenied',
            message: '',
            denied: names ? { action: missing } : {},
          }
        : { kind: 'allowed' as const, durationMs: 1 }
      return { scenario: `s${index}`, step: 'Step', region: 'us-east-1', outcome, startedAt: '', finishedAt: '' }
    })
    return { ok: results.every((r) => r.outcome.kind === 'allowed'), results, nameToken: 'abc123', checks: [] }
  }
  return { probe, runs: () => runs }
}

const CANDIDATES = ['a:One', 'a:Two', 'b:One', 'b:Two', 'c:One', 'c:Two', 'd:One', 'd:Two']

describe('ablateActions', () => {
  it.each([
    ['denials name the action', true],
    ['denials name nothing (halving only)', false],
  ])('keeps exactly the needed actions with evidence when %s', async (_name, names) => {
    const { probe } = fakeProbe([['a:Two'], ['c:One', 'd:Two']], names)
    const result = await ablateActions(CANDIDATES, probe)
    expect(result.kept.sort()).toEqual(['a:Two', 'c:One', 'd:Two'])
    expect(result.evidence.map((e) => e.action).sort()).toEqual(['a:Two', 'c:One', 'd:Two'])
    expect(result.evidence.find((e) => e.action === 'a:Two')?.neededBy[0]).toMatch(/^s0 \/ Step @ us-east-1: denied/)
  })

  it('batches: fewer probes than one per action when most are not needed', async () => {
    const { probe, runs } = fakeProbe([['b:Two']], false)
    await ablateActions([...CANDIDATES, 'e:One', 'e:Two', 'f:One', 'f:Two', 'g:One', 'g:Two', 'h:One', 'h:Two'], probe)
    expect(runs()).toBeLessThan(16)
  })
})

describe('generalizeArn', () => {
  it.each([
    [
      'arn:aws:logs:us-east-1:123456789012:log-group:harness-lg-abc123-1:log-stream:',
      'arn:aws:logs:*:*:log-group:harness-lg-*',
    ],
    [
      'arn:aws:ecr:ca-central-1:123456789012:repository/harness-repo-abc123-2',
      'arn:aws:ecr:*:*:repository/harness-repo-*',
    ],
    ['arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0', 'arn:aws:ec2:*::image/*'],
    ['arn:aws:ec2:us-east-1:123456789012:instance/*', 'arn:aws:ec2:*:*:instance/*'],
    ['arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0abc', 'arn:aws:ec2:*:*:subnet/*'],
    ['*', '*'],
  ])('%s → %s', (resource, expected) => {
    expect(generalizeArn(resource, 'abc123')).toBe(expected)
  })
})

describe('withDeniedResources', () => {
  const narrowing = { action: 'ec2:CreateTags', statement: 0, resources: ['arn:aws:ec2:*:*:instance/*'] }
  const denial = (action: string, resource: string): ProbeResult => ({
    ok: false,
    nameToken: 'abc123',
    checks: [],
    results: [
      {
        scenario: 'ec2/run',
        step: 'RunInstances',
        region: 'us-east-1',
        startedAt: '',
        finishedAt: '',
        outcome: {
          kind: 'denied',
          durationMs: 1,
          errorName: 'UnauthorizedOperation',
          message: '',
          denied: { action, resource },
        },
      },
    ],
  })

  it('adds the generalized resource the denial of the same action named (EC2 names one at a time)', () => {
    const widened = withDeniedResources(
      narrowing,
      denial('ec2:CreateTags', 'arn:aws:ec2:us-east-1:123456789012:volume/*'),
    )
    expect(widened?.resources).toEqual(['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*'])
  })

  it('gives up when the denial names another action or a resource the narrowing already has', () => {
    expect(
      withDeniedResources(narrowing, denial('ec2:RunInstances', 'arn:aws:ec2:us-east-1:1:volume/*')),
    ).toBeUndefined()
    expect(
      withDeniedResources(narrowing, denial('ec2:CreateTags', 'arn:aws:ec2:eu-west-1:1:instance/i-1')),
    ).toBeUndefined()
  })
})
