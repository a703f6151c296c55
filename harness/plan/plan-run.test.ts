/** planRun: reuse, refusal, vending, retirement within quotas, rotation and the budget. Pure. */
import { describe, expect, it } from 'vitest'
import { achievableFreshEvery } from './budget.js'
import { planRun } from './plan-run.js'
import type { PlanInput, PoolAccount } from './types.js'

const LOGS = { name: 'logs/create', operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'] }
const ECR = { name: 'ecr/create', operations: ['ecr:CreateRepository', 'ecr:CreateRepository+tags'] }
const NOW = new Date('2026-03-01T02:00:00Z')
const seasoned: PoolAccount = {
  accountId: '111111111111',
  createdAt: '2026-01-01T00:00:00.000Z',
  used: ['logs:CreateLogGroup@us-east-1', 'logs:CreateLogGroup+tags@us-east-1'],
}

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    now: NOW,
    scenarios: [LOGS],
    regions: ['us-east-1'],
    pool: [seasoned],
    quota: { quota: 10, held: 2, othersHeld: 1, reserve: 1, closesLeft: 250 },
    freshEvery: 1,
    lastFresh: {},
    ...over,
  }
}

/** A seasoned account that used every scenario's operations in every region. */
const seasonedIn = (regions: string[]): PoolAccount => ({
  ...seasoned,
  used: regions.flatMap((region) => [...LOGS.operations, ...ECR.operations].map((op) => `${op}@${region}`)),
})

const rotationAccount = (used: string[]): PoolAccount => ({
  accountId: '222222222222',
  createdAt: '2026-02-01T00:00:00.000Z',
  used,
})

describe('planRun', () => {
  it('reuses a pooled account that never used the operation in that region', () => {
    const pooled = rotationAccount(['logs:CreateLogGroup@eu-west-1', 'logs:CreateLogGroup+tags@eu-west-1'])
    const plan = planRun(input({ pool: [seasoned, pooled], quota: { ...input().quota, held: 3 } }))
    expect(plan.assignments).toEqual([
      {
        scenario: 'logs/create',
        region: 'us-east-1',
        account: { kind: 'pooled', accountId: pooled.accountId },
        fresh: true,
      },
    ])
    expect(plan.vend).toEqual([])
    expect(plan.reuse).toEqual([pooled.accountId])
    expect(plan.accounts).toEqual([
      { account: { kind: 'pooled', accountId: pooled.accountId }, regions: ['us-east-1'], role: 'fresh' },
    ])
  })

  it('refuses a pooled account that used the pair, and vends when nothing can serve', () => {
    const pooled = rotationAccount(['logs:CreateLogGroup+tags@us-east-1'])
    const plan = planRun(input({ pool: [seasoned, pooled], quota: { ...input().quota, held: 3 } }))
    expect(plan.assignments).toEqual([
      { scenario: 'logs/create', region: 'us-east-1', account: { kind: 'new', label: 'new-1' }, fresh: true },
    ])
    expect(plan.vend).toEqual(['new-1'])
  })

  it('never vends into the reserve: the pair becomes a gap that says why', () => {
    const pooled = rotationAccount(['logs:CreateLogGroup@us-east-1'])
    const plan = planRun(input({ pool: [seasoned, pooled], quota: { ...input().quota, held: 9 } }))
    expect(plan.vend).toEqual([])
    expect(plan.gaps).toEqual([{ scenario: 'logs/create', region: 'us-east-1', reason: 'no-slot' }])
    // It still runs, in the seasoned account, marked not fresh.
    expect(plan.assignments).toEqual([
      {
        scenario: 'logs/create',
        region: 'us-east-1',
        account: { kind: 'pooled', accountId: seasoned.accountId },
        fresh: false,
      },
    ])
  })

  it('never lets two scenarios share one freshness key in one account tonight', () => {
    const twin = { name: 'logs/again', operations: ['logs:CreateLogGroup'] }
    const plan = planRun(input({ scenarios: [LOGS, twin], pool: [], quota: { ...input().quota, held: 1 } }))
    const fresh = plan.assignments.filter((a) => a.fresh && a.account.kind === 'new')
    const labels = fresh.map((a) => (a.account.kind === 'new' ? a.account.label : ''))
    expect(new Set(labels).size).toBe(fresh.length)
  })

  it('retires rotation accounts fresh for nothing planned, within the close quota', () => {
    const spent = (id: string): PoolAccount => ({
      ...rotationAccount(['logs:CreateLogGroup@us-east-1']),
      accountId: id,
    })
    const pool = [seasoned, spent('222222222222'), spent('333333333333'), spent('444444444444')]
    const plan = planRun(input({ pool, quota: { ...input().quota, held: 5, closesLeft: 2 } }))
    expect(plan.retire).toEqual(['222222222222', '333333333333'])
    expect(plan.retireLater).toEqual(['444444444444'])
    expect(plan.retire).not.toContain(seasoned.accountId)
  })

  it('retires an idle rotation account fresh only for pairs a newer one is fresh for too (a DryRun never uses an account up)', () => {
    // Given: EC2 runs only as DryRun, so no account ever uses it; two idle rotation accounts used up logs.
    const EC2 = { name: 'ec2/run', operations: ['ec2:RunInstances'] }
    const logsUsed = LOGS.operations.map((op) => `${op}@us-east-1`)
    const older = { accountId: '222222222222', createdAt: '2026-02-01T00:00:00.000Z', used: logsUsed }
    const newer = { accountId: '333333333333', createdAt: '2026-02-10T00:00:00.000Z', used: logsUsed }
    const lastFresh = {
      'logs/create@us-east-1': '2026-02-28T02:00:00.000Z',
      'ec2/run@us-east-1': '2026-02-28T02:00:00.000Z',
    }
    const plan = planRun(
      input({ scenarios: [LOGS, EC2], pool: [seasonedIn(['us-east-1']), older, newer], freshEvery: 15, lastFresh }),
    )
    // Then: the older one retires; the newer one stays for the EC2 pair's next fresh test.
    expect(plan.retire).toEqual(['222222222222'])
  })

  it('rotates: with N nights, a share of the pairs is fresh tonight, the rest seasoned and listed as gaps', () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1', 'ca-central-1']
    const plan = planRun(input({ scenarios: [LOGS, ECR], regions, pool: [seasonedIn(regions)], freshEvery: 4 }))
    const fresh = plan.assignments.filter((a) => a.fresh)
    expect(fresh).toHaveLength(2) // ceil(8 / 4)
    expect(plan.assignments).toHaveLength(8)
    expect(plan.gaps.filter((g) => g.reason === 'rotation')).toHaveLength(6)
  })

  it('gives overdue pairs a fresh test first', () => {
    const lastFresh = {
      'logs/create@us-east-1': '2026-02-20T02:00:00.000Z',
      'logs/create@eu-west-1': '2026-02-28T02:00:00.000Z',
    }
    const regions = ['us-east-1', 'eu-west-1']
    const plan = planRun(input({ regions, pool: [seasonedIn(regions)], freshEvery: 7, lastFresh }))
    expect(plan.assignments.filter((a) => a.fresh).map((a) => a.region)).toEqual(['us-east-1'])
    expect(plan.lastFreshByRegion).toEqual({
      'us-east-1': '2026-02-20T02:00:00.000Z',
      'eu-west-1': '2026-02-28T02:00:00.000Z',
    })
  })

  it('a pair tested fresh N nights ago is due tonight even if last night ran later in the day', () => {
    // Given: the fresh test was recorded when its run ended (02:20), and tonight's run starts at 01:55.
    const regions = ['us-east-1']
    const lastFresh = { 'logs/create@us-east-1': '2026-02-14T02:20:00.000Z' }
    const now = new Date('2026-03-01T01:55:00Z')
    // When the planner plans with N = 15, then the pair is fresh tonight: waiting a night would make a 16-night gap.
    const plan = planRun(input({ now, regions, pool: [seasonedIn(regions)], freshEvery: 15, lastFresh }))
    expect(plan.assignments).toEqual([expect.objectContaining({ region: 'us-east-1', fresh: true })])
    expect(plan.gaps).toEqual([])
  })

  it('says up front whether N is achievable with the quota', () => {
    expect(achievableFreshEvery(8)).toBe(15) // 10 − management − reserve: 1 seasoned + 7 rotation
    expect(achievableFreshEvery(2)).toBeUndefined()
    expect(planRun(input({ freshEvery: 7 })).budget).toMatchObject({ ok: false, achievable: 15 })
    expect(planRun(input({ freshEvery: 30 })).budget).toMatchObject({ ok: true, achievable: 15 })
  })

  it('on the first night vends a rotation account and a seasoned one', () => {
    const plan = planRun(
      input({ pool: [], quota: { ...input().quota, held: 1 }, regions: ['us-east-1', 'eu-west-1'], freshEvery: 2 }),
    )
    expect(plan.vend).toEqual(['new-1', 'new-2'])
    // Tonight the seasoned account is new too, and the plan says so: both pairs run fresh, no gap.
    expect(plan.gaps).toEqual([])
    expect(plan.accounts.map((a) => [a.account, a.regions, a.role])).toEqual([
      [{ kind: 'new', label: 'new-1' }, ['us-east-1'], 'fresh'],
      [{ kind: 'new', label: 'new-2' }, ['eu-west-1'], 'fresh'],
    ])
  })
})
