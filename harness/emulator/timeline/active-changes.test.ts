/** Which changes are in force: region reach, account freshness (ledger) and account age. Table-driven. */
import { describe, expect, it } from 'vitest'
import { bootstrapState, createAccountRecord } from '../core/bootstrap.js'
import { EmulatorState } from '../core/state.js'
import { activeChanges, changeApplies, reachedAt } from './active-changes.js'
import { AWS_HISTORY } from './aws-history.js'
import { markUsed, requestCarriesTags, usageKeys } from './ledger.js'
import type { TimelineChange } from './types.js'

const LOGS = AWS_HISTORY.find((change) => change.id === 'aws-2022-logs-create-log-group-tag-on-create')!
const ECR = AWS_HISTORY.find((change) => change.id === 'aws-2022-ecr-create-repository-tag-on-create')!
const at = (iso: string) => new Date(iso)

function stateWithAccount(createdAt = '2022-01-01T00:00:00Z') {
  const state = new EmulatorState({ date: at(createdAt) })
  bootstrapState(state)
  const account = createAccountRecord(state, {
    id: '222222222222',
    name: 'm',
    email: 'm@example.com',
    parentId: 'r-root',
  })
  return { state, account }
}

describe('reachedAt', () => {
  it.each([
    ['af-south-1', '2022-10-26T00:00:00.000Z'],
    ['ca-central-1', '2022-11-10T00:00:00.000Z'],
    ['us-east-1', '2022-11-23T00:00:00.000Z'],
  ])('logs rollout reaches %s on %s', (region, iso) => {
    expect(new Date(reachedAt(LOGS, region)!).toISOString()).toBe(iso)
  })

  it('never reaches regions outside a region list', () => {
    const listed: TimelineChange = { ...ECR, where: { regions: ['eu-west-1'] } }
    expect(reachedAt(listed, 'eu-west-1')).toBe(Date.parse(ECR.from))
    expect(reachedAt(listed, 'us-east-1')).toBeUndefined()
    expect(
      reachedAt({ ...ECR, where: { rollout: [{ region: 'eu-west-1', date: '2023-01-01' }] } }, 'us-east-1'),
    ).toBeUndefined()
  })
})

describe('changeApplies for never-used changes', () => {
  const scope = (region: string, now: string) => ({
    accountId: '222222222222',
    region,
    now: at(now),
    operation: 'logs:CreateLogGroup',
  })

  it.each([
    // [case, uses before, region, now, applies]
    ['fresh account, before the rollout', [], 'ca-central-1', '2022-11-09T23:59:59Z', false],
    ['fresh account, after the rollout', [], 'ca-central-1', '2022-11-10T00:00:00Z', true],
    ['fresh account, region not reached yet', [], 'us-east-1', '2022-11-15T00:00:00Z', false],
    [
      'tagged use there before the rollout',
      [['ca-central-1', '2022-11-01']],
      'ca-central-1',
      '2022-12-01T00:00:00Z',
      false,
    ],
    ['tagged use in another region only', [['us-east-1', '2022-11-01']], 'ca-central-1', '2022-12-01T00:00:00Z', true],
    [
      'tagged use there after the rollout',
      [['ca-central-1', '2022-11-12']],
      'ca-central-1',
      '2022-12-01T00:00:00Z',
      true,
    ],
  ] as const)('%s', (_case, uses, region, now, applies) => {
    const { state, account } = stateWithAccount()
    for (const [usedIn, when] of uses)
      markUsed(account, usedIn, usageKeys('logs:CreateLogGroup', { tags: { a: 'b' } }), at(when))
    expect(changeApplies(state, LOGS, scope(region, now))).toBe(applies)
  })

  it('untagged use does not exempt an account from a tag-on-create change', () => {
    const { state, account } = stateWithAccount()
    markUsed(account, 'ca-central-1', usageKeys('logs:CreateLogGroup', {}), at('2022-11-01'))
    expect(changeApplies(state, LOGS, scope('ca-central-1', '2022-12-01T00:00:00Z'))).toBe(true)
  })

  it('a ledger key seeded without a time counts as long-standing use', () => {
    const { state, account } = stateWithAccount()
    account.usage.set('ca-central-1', new Set(['logs:CreateLogGroup+tags']))
    expect(changeApplies(state, LOGS, scope('ca-central-1', '2022-12-01T00:00:00Z'))).toBe(false)
  })
})

describe('changeApplies for createdAfter changes', () => {
  const change: TimelineChange = { ...ECR, who: { createdAfter: '2023-06-01' }, from: '2023-01-01' }
  it.each([
    ['2023-05-31T00:00:00Z', false],
    ['2023-06-02T00:00:00Z', true],
  ])('account created %s → %s', (createdAt, applies) => {
    const { state } = stateWithAccount(createdAt)
    expect(
      changeApplies(state, change, { accountId: '222222222222', region: 'eu-west-1', now: at('2024-01-01') }),
    ).toBe(applies)
  })
})

describe('activeChanges', () => {
  it.each([
    ['2020-01-01T00:00:00Z', []],
    [
      '2022-01-01T00:00:00Z',
      ['aws-2021-access-denied-reason-clauses', 'aws-2020-cloudformation-tagging-permissions-new-accounts'],
    ],
    [
      '2023-03-01T00:00:00Z',
      [
        'aws-2021-access-denied-reason-clauses',
        'aws-2022-logs-create-log-group-tag-on-create',
        'aws-2023-logs-additional-permission-message',
        'aws-2022-ecr-create-repository-tag-on-create',
        'aws-2020-cloudformation-tagging-permissions-new-accounts',
      ],
    ],
    [
      '2025-01-01T00:00:00Z',
      AWS_HISTORY.map((change) => change.id).filter((id) => id !== 'aws-2026-access-denied-policy-arns'),
    ],
    ['2026-06-01T00:00:00Z', AWS_HISTORY.map((change) => change.id)],
  ])('on %s for a fresh account in us-east-1', (now, ids) => {
    const { state } = stateWithAccount()
    expect(activeChanges(state, '222222222222', 'us-east-1', at(now)).map((change) => change.id)).toEqual(ids)
  })
})

describe('requestCarriesTags', () => {
  it.each([
    [{ tags: { a: 'b' } }, true],
    [{ tags: {} }, false],
    [{ tags: [{ Key: 'a', Value: 'b' }] }, true],
    [{ Tags: [{ Key: 'a', Value: 'b' }] }, true],
    [{ TagSpecification: [{ ResourceType: 'instance', Tag: [{ Key: 'a', Value: 'b' }] }] }, true],
    [{ TagSpecification: [{ ResourceType: 'instance', Tag: [] }] }, false],
    [{ logGroupName: 'x' }, false],
  ])('%j → %s', (params, expected) => {
    expect(requestCarriesTags(params)).toBe(expected)
  })
})
