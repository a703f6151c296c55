/** planRun: reuse, refusal, vending, retirement within quotas, rotation and the budget. Pure. */
import { describe, expect, it } from 'vitest'
import { achievableFreshEvery, keptFreshEvery, POST_CLOSURE_NIGHTS } from './budget.js'
import { formatPlan } from './format-plan.js'
import { pairKey } from './freshness.js'
import { planRun } from './plan-run.js'
import type { AccountRef, PlanInput, PoolAccount } from './types.js'

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

/** Enough slots that small N are kept with slack (98 pool slots). */
const LARGE_QUOTA = { quota: 100, held: 2, othersHeld: 1, reserve: 1, closesLeft: 250 }

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
    // Then: the older one retires; the newer one stays for the EC2 pair's next fresh test, listed as idle.
    expect(plan.retire).toEqual(['222222222222'])
    expect(plan.idle).toEqual(['333333333333'])
    expect(formatPlan(plan)).toContain(
      'Idle:   333333333333 (kept: nothing to run tonight, still fresh for a later night; each holds an account slot)',
    )
  })

  it('rotates: with a cadence of C nights, a share of the pairs is fresh tonight, the rest seasoned and listed as gaps', () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1', 'ca-central-1']
    // A quota large enough to keep N = 6 with slack: pairs fall due after 6 − 2 catch-up nights.
    const plan = planRun(
      input({ scenarios: [LOGS, ECR], regions, pool: [seasonedIn(regions)], freshEvery: 6, quota: LARGE_QUOTA }),
    )
    expect(plan.budget).toMatchObject({ ok: true, promised: 6, cadence: 4 })
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
    // N = 7 is kept with slack on this quota, so pairs fall due after 5 nights: us-east-1 (9) is, eu-west-1 (1) is not.
    const plan = planRun(input({ regions, pool: [seasonedIn(regions)], freshEvery: 7, lastFresh, quota: LARGE_QUOTA }))
    expect(plan.assignments.filter((a) => a.fresh).map((a) => a.region)).toEqual(['us-east-1'])
    expect(plan.lastFreshByRegion).toEqual({
      'us-east-1': '2026-02-20T02:00:00.000Z',
      'eu-west-1': '2026-02-28T02:00:00.000Z',
    })
  })

  it('a pair tested fresh C nights ago is due tonight even if last night ran later in the day', () => {
    // Given: the fresh test was recorded when its run ended (02:20), and tonight's run starts at 01:55.
    const regions = ['us-east-1']
    const lastFresh = { 'logs/create@us-east-1': '2026-02-11T02:20:00.000Z' }
    const now = new Date('2026-03-01T01:55:00Z')
    // When the planner plans with N = 20 (due after 18 nights), then the pair is fresh tonight: waiting would cost a night.
    const plan = planRun(input({ now, regions, pool: [seasonedIn(regions)], freshEvery: 20, lastFresh }))
    expect(plan.budget.cadence).toBe(18)
    expect(plan.assignments).toEqual([expect.objectContaining({ region: 'us-east-1', fresh: true })])
    expect(plan.gaps).toEqual([])
  })

  it('says up front whether N is achievable with the quota', () => {
    expect(achievableFreshEvery(8)).toBe(15) // 10 − management − reserve: 1 seasoned + 7 rotation
    expect(achievableFreshEvery(2)).toBeUndefined()
    // With no night lost 15 is the bound; with a spare rotation slot and 2 catch-up nights, 90/(7−2) + 2 = 20.
    expect(keptFreshEvery(8)).toBe(20)
    expect(keptFreshEvery(3)).toBeUndefined()
    expect(planRun(input({ freshEvery: 7 })).budget).toMatchObject({
      ok: false,
      achievable: 15,
      withSlack: 20,
      promised: 20,
      cadence: 18,
    })
    expect(planRun(input({ freshEvery: 15 })).budget).toMatchObject({ ok: false, promised: 20 })
    expect(planRun(input({ freshEvery: 30 })).budget).toMatchObject({
      ok: true,
      achievable: 15,
      promised: 30,
      cadence: 28,
    })
    expect(planRun(input({ freshEvery: 15 })).budget.explanation).toContain(
      '15 is NOT achievable with slack: the planner keeps fresh every 20 instead',
    )
  })

  it('when slots are short, the pair longest since a fresh test gets the fresh account', () => {
    // Given: two scenarios share a freshness key, one rotation account is fresh for both, and no slot is free.
    const twin = { name: 'logs/again', operations: ['logs:CreateLogGroup'] }
    const lastFresh = {
      'logs/create@us-east-1': '2026-02-09T02:00:00.000Z',
      'logs/again@us-east-1': '2026-02-05T02:00:00.000Z',
    }
    const pool = [seasonedIn(['us-east-1']), rotationAccount([])]
    const full = { ...input().quota, held: 9 }
    const plan = planRun(input({ scenarios: [LOGS, twin], pool, quota: full, freshEvery: 20, lastFresh }))
    // Then: the most overdue one (24 nights) runs fresh; the other (20) is the no-slot gap, not the other way round.
    expect(plan.assignments.filter((a) => a.fresh).map((a) => a.scenario)).toEqual(['logs/again'])
    expect(plan.gaps).toEqual([expect.objectContaining({ scenario: 'logs/create', reason: 'no-slot' })])
  })

  it("re-tests a killed night's pairs fresh within the promised N, on the default quota, without the reserve", () => {
    // Given: 34 regions on the default quota, N = 15 wanted, and nights killed in steady state (two in a row too).
    const season = simulateNights({ nights: 200, killed: new Set([120, 121, 150, 163]), freshEvery: 15 })
    // Then: the planner promised 20 (15 has no slack for a lost night), and kept it; never into the reserve.
    expect(season.promised).toBe(20)
    expect(season.largestGap).toBeLessThanOrEqual(20)
    expect(season.maxHeld).toBeLessThanOrEqual(10 - 1)
    // Each pair planned fresh on a killed night is tested fresh again within 20 nights of its last fresh test.
    expect(season.killedPairs.length).toBeGreaterThan(0)
    for (const pair of season.killedPairs) expect(season.retestedWithin.get(pair)).toBeLessThanOrEqual(20)
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

const DAY = 24 * 60 * 60_000
const REGIONS_34 = Array.from({ length: 34 }, (_, i) => `region-${i + 1}`)

/**
 * Nights planned by planRun on the default quota (10, management account, reserve 1): every planned
 * test runs and uses its account, except on a killed night, which, as the pool sweep handles it,
 * counts the planned use as used and records no fresh test. A closed account holds its slot 90 nights.
 */
function simulateNights(o: { nights: number; killed: Set<number>; freshEvery: number }) {
  const start = Date.parse('2026-01-01T02:00:00Z')
  const accounts: Array<{ id: string; created: number; used: Set<string>; closed?: number }> = []
  const lastFresh: Record<string, string> = {}
  const lastNight = new Map<string, number>()
  const killedAt = new Map<string, number>()
  const retestedWithin = new Map<string, number>()
  let largestGap = 0
  let maxHeld = 0
  let promised: number | undefined
  for (let night = 0; night < o.nights; night++) {
    const open = accounts.filter((a) => a.closed === undefined)
    const held = 1 + accounts.filter((a) => a.closed === undefined || night - a.closed < POST_CLOSURE_NIGHTS).length
    const plan = planRun({
      now: new Date(start + night * DAY),
      scenarios: [LOGS, ECR],
      regions: REGIONS_34,
      pool: open.map((a) => ({
        accountId: a.id,
        createdAt: new Date(start + a.created * DAY).toISOString(),
        used: [...a.used],
      })),
      quota: { quota: 10, held, othersHeld: 1, reserve: 1, closesLeft: 250 },
      freshEvery: o.freshEvery,
      lastFresh,
    })
    promised = plan.budget.promised
    const vended = new Map(
      plan.vend.map((label, i) => [
        label,
        { id: String(1e11 + accounts.length + i), created: night, used: new Set<string>() },
      ]),
    )
    for (const account of vended.values()) accounts.push(account)
    maxHeld = Math.max(maxHeld, held + vended.size)
    const accountOf = (ref: AccountRef) =>
      ref.kind === 'pooled' ? accounts.find((a) => a.id === ref.accountId)! : vended.get(ref.label)!
    for (const a of plan.assignments) {
      const key = pairKey(a.scenario, a.region)
      const ops = [LOGS, ECR].find((s) => s.name === a.scenario)!.operations
      if (o.killed.has(night)) {
        if (a.fresh) killedAt.set(key, lastNight.get(key) ?? night)
      } else if (a.fresh) {
        lastFresh[key] = new Date(start + night * DAY).toISOString()
        if (killedAt.has(key) && !retestedWithin.has(key)) retestedWithin.set(key, night - killedAt.get(key)!)
        lastNight.set(key, night)
      }
      for (const op of ops) accountOf(a.account).used.add(`${op}@${a.region}`)
    }
    if (!o.killed.has(night)) for (const id of plan.retire) accounts.find((a) => a.id === id)!.closed = night
    for (const region of REGIONS_34)
      for (const s of [LOGS, ECR])
        largestGap = Math.max(largestGap, night - (lastNight.get(pairKey(s.name, region)) ?? -1))
  }
  return { promised, largestGap, maxHeld, killedPairs: [...killedAt.keys()], retestedWithin }
}
