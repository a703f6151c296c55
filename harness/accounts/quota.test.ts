/** Quota preflight through the SDK against the emulator: exit-3 error with count, quota and the date a slot frees. */
import { CloseAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LedgerEntry } from './ledger.js'
import { assertSlotFree, readAccountQuota } from './quota.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import { vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

describe('account quota preflight', () => {
  it('Given a full organization holding a closed account, then it refuses with count, quota and the date the slot frees', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z', maxAccounts: 3 })
    const { target, emulator } = fixture
    const open = await vendAccount(target, TEST_NAMING, { runId: 'q-open' })
    const closed = await vendAccount(target, TEST_NAMING, { runId: 'q-closed' })
    await new OrganizationsClient(emulator.clientConfig()).send(
      new CloseAccountCommand({ AccountId: closed.accountId }),
    )
    const facts = await readAccountQuota(target, {})
    expect(facts).toEqual({ count: 3, quota: 3, closedHeld: [closed.accountId] })
    const ledger: LedgerEntry[] = [
      {
        accountId: closed.accountId,
        createdAt: '2026-06-01T00:00:00.000Z',
        updatedAt: '2026-06-01T00:00:00.000Z',
        runIds: ['q-closed'],
        regionsUsed: [],
        operationsUsed: [],
        status: 'closed',
      },
    ]
    expect(() => assertSlotFree(facts, ledger)).toThrow(
      expect.objectContaining({
        code: 'ACCOUNT_QUOTA_EXHAUSTED',
        message: expect.stringMatching(
          /has 3 account\(s\).*quota is 3; the next slot frees on 2026-08-30.*Service Quotas/,
        ),
      }),
    )
    // QA: "use accounts.afterRun: keep to reuse accounts" made it worse (a per-run run vends anew each time).
    expect(() => assertSlotFree(facts, ledger)).toThrow(
      expect.objectContaining({ message: expect.stringContaining("use the pool strategy (accounts.strategy: 'pool'") }),
    )
    expect(() => assertSlotFree(facts, ledger)).not.toThrow(
      expect.objectContaining({ message: expect.stringContaining('afterRun') }),
    )
    // A time-scaled emulator's post-closure period is scaled too (QA: it said 90 real days at 0.01).
    expect(() => assertSlotFree(facts, ledger, true, 0.01)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          "the next slot frees on 2026-06-01 21:36 UTC (90 days × the emulator's time scale 0.01 after harness closed account",
        ),
      }),
    )
    // On the emulator the way out is its own setting.
    expect(() => assertSlotFree(facts, ledger, true)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          'On the emulator: raise its quota (`harness emulator start --max-accounts <n>`',
        ),
      }),
    )
    expect(open.accountId).not.toBe(closed.accountId)
  })

  it('Given a free slot, then it passes; on AWS the quota comes from HARNESS_ACCOUNT_QUOTA', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    const facts = await readAccountQuota(fixture.target, {})
    expect(facts.quota).toBe(10)
    expect(() => assertSlotFree(facts, [])).not.toThrow()
    const aws = await readAccountQuota({ ...fixture.target, kind: 'aws' }, { HARNESS_ACCOUNT_QUOTA: '1' })
    expect(() => assertSlotFree(aws, [])).toThrow(expect.objectContaining({ code: 'ACCOUNT_QUOTA_EXHAUSTED' }))
  })

  it("reads an emulator in this process (the embedded one) without HTTP: a run's first fetch() loads undici", async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z', maxAccounts: 4 })
    const fetches = vi.spyOn(globalThis, 'fetch')
    try {
      expect((await readAccountQuota(fixture.target, {})).quota).toBe(4)
      expect(fetches).not.toHaveBeenCalled()
    } finally {
      fetches.mockRestore()
    }
  })
})
