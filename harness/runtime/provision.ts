/**
 * The one place the runtime calls the provisioning module (accounts/ + credentials/), so the
 * orchestrator reads as a pipeline and the wiring to that module's signatures lives here.
 */
import * as accounts from '../accounts/index.js'
import { assertSlotFree, type QuotaFacts, readAccountQuota } from '../accounts/quota.js'
import type { AccountSession, AwsTarget, ProgressListener, RegionReadiness, VendedAccount } from '../accounts/types.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { isOptInRegion } from '../emulator/core/regions.js'
import type { JournalEntry } from '../journal/types.js'
import { createLimiter } from './limit.js'
import type { ClientFactory } from './types.js'
import { type RunUsage, recordUsageOf } from './usage-recorder.js'

export type { AccountSession, AwsTarget, RegionReadiness, VendedAccount }
export type LedgerEntry = accounts.LedgerEntry

export const readLedger = accounts.readAccountLedger
export const recordUse = accounts.recordAccountUse

export interface EmulatorEndpoints {
  endpoint: string
  globalStsEndpoint: string
  timeScale?: number
  /** Outlives the run (HARNESS_EMULATOR_ENDPOINT), so a sweep can find this run's leftovers. */
  external?: boolean
  /** Its clock is not today's (local-emulator.ts): the run is a replay. */
  replayDate?: string
}

export interface ProvisionContext {
  runId: string
  signal: AbortSignal
  onProgress: ProgressListener
  /** Durable record of what the run creates (the run journal). */
  journal?: (entry: JournalEntry) => Promise<void>
  /** No new region starts after this (unrefreshable management credentials expire soon after). */
  stopNewWorkAt?: Date
  /** Tells apart several accounts one run vends (the pool's `n1`, `n2`) in their e-mail and name. */
  accountTag?: string
  /** Tagged on a vended account (accounts/vend.ts AFTER_RUN_TAG). */
  afterRun?: 'keep' | 'close'
}

export function connectTarget(config: ResolvedConfig, emulator?: EmulatorEndpoints): Promise<AwsTarget> {
  return accounts.resolveTarget({
    kind: config.target,
    endpoint: emulator?.endpoint,
    globalStsEndpoint: emulator?.globalStsEndpoint,
    profile: config.aws.profile,
    roleArn: config.aws.roleArn,
    homeRegion: config.aws.homeRegion,
    timeScale: emulator?.timeScale ?? config.emulator.timeScale,
  })
}

export function vend(target: AwsTarget, config: ResolvedConfig, ctx: ProvisionContext): Promise<VendedAccount> {
  return accounts.vendAccount(target, config.accounts, ctx)
}

export function openSession(target: AwsTarget, account: VendedAccount, ctx: ProvisionContext): AccountSession {
  return accounts.openAccountSession(target, account, ctx)
}

/** Role names must be unique per account; the run id's suffix keeps concurrent runs apart. */
export function harnessRoleName(runId: string): string {
  return `${accounts.HARNESS_ROLE_PREFIX}${runId.replace(/[^A-Za-z0-9]/g, '').slice(-12)}`
}

export async function bootstrapRole(
  session: AccountSession,
  input: { policyJson: string; permissionsBoundary?: string; tags: Record<string, string> },
  ctx: ProvisionContext,
): Promise<void> {
  const roleName = harnessRoleName(ctx.runId)
  await ctx.journal?.({ type: 'role', accountId: session.account.accountId, roleName })
  session.role = await accounts.createHarnessRole(session, {
    roleName,
    policyDocument: input.policyJson,
    permissionsBoundaryArn: input.permissionsBoundary,
    tags: input.tags,
    onProgress: ctx.onProgress,
    signal: ctx.signal,
  })
}

/** "Concurrent region-opt requests per account: 6" (Account Management quotas page, aws-facts §11). */
export const MAX_CONCURRENT_OPT_INS = 6
const optInLimiters = new WeakMap<AccountSession, ReturnType<typeof createLimiter>>()

function optInLimiter(session: AccountSession): ReturnType<typeof createLimiter> {
  const limiter = optInLimiters.get(session) ?? createLimiter(MAX_CONCURRENT_OPT_INS)
  optInLimiters.set(session, limiter)
  return limiter
}

/** Never throws: a region that cannot be made usable is reported as not ready, with the reason. */
export async function regionReadiness(
  session: AccountSession,
  region: string,
  ctx: ProvisionContext,
): Promise<RegionReadiness> {
  try {
    const ensure = () => accounts.ensureRegion(session.target, session.account.accountId, region, ctx)
    const readiness = await (isOptInRegion(region) ? optInLimiter(session)(ensure) : ensure())
    const enabledAt = readiness.enabledDuringRun ? (readiness.enabledAt ?? Date.now()) : undefined
    if (readiness.optInStatus === 'ENABLED')
      await accounts.waitUntilRegionServes(session, region, { ...ctx, enabledAt })
    return readiness
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { region, optInStatus: 'UNKNOWN', enabledDuringRun: false, ready: false, error: message }
  }
}

export { cleanupBackoff } from '../credentials/retry.js'

export function clientFactory(session: AccountSession, region: string, kind: 'admin' | 'minimal'): ClientFactory {
  const credentials = kind === 'admin' ? session.adminCredentials(region) : session.minimalCredentials(region)
  const config = session.clientConfig(region, credentials)
  return (ClientClass) => {
    // clientConfig carries the retry and endpoint settings already (credentials/session.ts).
    const client = new ClientClass(config)
    recordUsageOf(client as never, region, runUsageOf(session))
    return client
  }
}

const usageBySession = new WeakMap<AccountSession, RunUsage>()

/** What this run's calls used in the session's account: `<operation>[+tags]@<region>` → first use. */
export function runUsageOf(session: AccountSession): RunUsage {
  const usage = usageBySession.get(session) ?? new Map()
  usageBySession.set(session, usage)
  return usage
}

/** Deletes the run's harness role, also when its bootstrap was abandoned half-way (idempotent). */
export async function removeRole(session: AccountSession, runId: string): Promise<void> {
  await accounts.deleteHarnessRole(session, session.role ?? { roleName: harnessRoleName(runId) })
}

/** Keeps or closes the account and records its use in the ledger; returns a problem to report, if any. */
export async function finish(
  target: AwsTarget,
  account: VendedAccount,
  config: ResolvedConfig,
  usage: {
    runId: string
    regionsUsed: string[]
    operationsUsed: string[]
    uses?: accounts.AccountUse['uses']
    foundUsed?: accounts.AccountUse['foundUsed']
  },
  afterRun: 'keep' | 'close' = config.accounts.afterRun,
): Promise<string | undefined> {
  const result = await accounts.finishAccount(target, account, afterRun)
  await accounts.recordAccountUse(config.reportsDir, {
    at: await targetNow(target),
    accountId: account.accountId,
    createdAt: account.createdAt,
    accountName: account.accountName,
    email: account.email,
    status: result.status,
    closeError: result.error,
    ...usage,
  })
  return result.error
}

export const freshnessKey = accounts.freshnessKey

/** Exit 3 before vending when the organization's account quota has no free slot. */
export async function checkAccountQuota(
  target: AwsTarget,
  config: ResolvedConfig,
  facts?: Promise<QuotaFacts>,
): Promise<void> {
  const [known, ledger] = await Promise.all([
    facts ?? readAccountQuota(target, process.env),
    accounts.readAccountLedger(config.reportsDir),
  ])
  assertSlotFree(known, ledger.accounts, target.kind === 'local' || target.timeScale !== undefined, target.timeScale)
}

/** The organization's account count and quota (read-only; checkAccountQuota compares them with the ledger). */
export function readQuotaFacts(target: AwsTarget): Promise<QuotaFacts> {
  return readAccountQuota(target, process.env)
}

/** Closes an account the pool plan retires and records it closed (or close-failed) in the ledger. */
export async function closeRetired(
  target: AwsTarget,
  accountId: string,
  config: ResolvedConfig,
  runId: string,
): Promise<accounts.FinishResult> {
  const result = await accounts.finishAccount(target, { accountId }, 'close')
  await accounts.recordAccountUse(config.reportsDir, {
    at: await targetNow(target),
    accountId,
    createdAt: new Date(),
    runId,
    regionsUsed: [],
    operationsUsed: [],
    status: result.status,
    closeError: result.error,
  })
  return result
}

/** The target's clock: the emulator's simulated one (ledger and schedule times must agree with its quotas), else now. */
export async function targetNow(target: AwsTarget): Promise<Date> {
  return target.now ? target.now() : new Date()
}
