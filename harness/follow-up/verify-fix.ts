/**
 * `harness run --verify-fix`: after a run with denials, the merged patch (history/policy-patch.ts) is tried
 * where they happened — the scenarios holding a failing step, in the regions where one failed — in a brand-new
 * account (per-run strategy: the only account still fresh for them), under a role carrying the patched policy.
 * The follow-up is a run of its own (runtime/execute.ts: journal, cleanup, ledger, account closed or kept), so
 * a kill mid-way leaves nothing `harness sweep` cannot find. No free account slot means "not verified", said so.
 */
import type { ResolvedConfig } from '../config/resolve.js'
import type { HarnessError } from '../errors.js'
import { stepKey } from '../history/diff-keys.js'
import { newRunId } from '../history/run-id.js'
import type { DriftReport, FixVerification, RunRecord } from '../history/types.js'
import type { LoadedScenario } from '../runtime/collect.js'
import type { ExecuteInput } from '../runtime/execute.js'
import { type FixPlan, patchChangesPolicy, planFix } from './failing-steps.js'
import { judgeFix } from './judge-fix.js'
import { prefixedProgress } from './progress.js'

/** What every follow-up run needs from the run it follows (blast radius adds the declared policy). */
export interface VerifyFixInput {
  config: ResolvedConfig
  scenarios: LoadedScenario[]
  record: RunRecord
  report: Pick<DriftReport, 'changes'>
  progress: ExecuteInput['progress']
  signal: AbortSignal
  emulator?: ExecuteInput['emulator']
  heartbeatMs?: number
}

/** Undefined when the run has no denial a patch should fix. */
export async function verifyFix(input: VerifyFixInput): Promise<FixVerification | undefined> {
  const plan = planFix(input.report, input.record)
  if (!plan) return undefined
  const base = { regions: plan.regions, scenarios: plan.scenarios, steps: [], otherFailures: [] }
  if (!patchChangesPolicy(plan.patch)) {
    const why = plan.patch.notPatched.map((skip) => `${skip.where}: ${skip.why}`).join('; ')
    return { status: 'not-verified', reason: `nothing to verify: the patch changes no statement (${why})`, ...base }
  }
  // Every denial is left alone (a declared Deny stays in the patched policy): a re-run could show nothing.
  if (plan.denials.length === 0) {
    const narrow = plan.patch.toNarrow.map((n) => `${n.where}: narrow ${n.deny} first`).join('; ')
    return { status: 'not-verified', reason: `nothing to verify until the Deny is narrowed (${narrow})`, ...base }
  }
  const progress = prefixedProgress(input.progress, 'verify-fix')
  // The pool plans its own accounts within its budget (vending only when no pooled account is still fresh).
  const noSlot = input.config.accounts.strategy === 'per-run' ? await reserveTaken(input) : undefined
  if (noSlot) {
    progress.warn(`not verified: ${noSlot}`)
    return { status: 'not-verified', reason: noSlot, ...base }
  }
  progress.info(
    `re-running ${plan.scenarios.length} scenario(s) in ${plan.regions.join(', ')} under the patched policy in a new account…`,
  )
  const followUp = await runUnderPatch(input, plan, progress)
  const verification = { ...base, ...followUp, policy: plan.patch.after }
  const say = verification.status === 'verified' ? progress.info : progress.warn
  say(`${verification.status === 'verified' ? 'verified' : 'not verified'}: ${verification.reason}`)
  return verification
}

async function runUnderPatch(
  input: VerifyFixInput,
  plan: FixPlan,
  progress: ExecuteInput['progress'],
): Promise<Omit<FixVerification, 'regions' | 'scenarios' | 'policy'>> {
  const { execute } = await import('../runtime/execute.js')
  const runId = newRunId()
  const json = `${JSON.stringify(plan.patch.after, null, 2)}\n`
  const executed = await execute({
    // CloudTrail was read for the run itself; the follow-up only needs its steps' outcomes.
    config: { ...input.config, regions: plan.regions, cloudTrailCapture: { enabled: false } },
    scenarios: input.scenarios.filter((loaded) => plan.scenarios.includes(loaded.scenario.name)),
    policy: {
      file: `(patched ${input.record.policyFile ?? 'declared policy'})`,
      label: 'the patched policy',
      json,
      hash: '',
    },
    runId,
    progress,
    signal: input.signal,
    emulator: input.emulator,
    heartbeatMs: input.heartbeatMs,
    // A first denial under the new role is re-checked as in the run: IAM propagation is not a failed fix.
    probedSteps: new Set(plan.denials.map(stepKey)),
    // A release check's follow-up is no more part of the history than the check (no fresh tests recorded).
    releaseCheck: input.record.releaseCheck === true,
  })
  const ids = { runId, ...(executed.account ? { accountId: executed.account.accountId } : {}) }
  if (executed.failure)
    return { status: 'not-verified', reason: failureReason(executed.failure), steps: [], otherFailures: [], ...ids }
  return { ...judgeFix(plan.denials, executed.results, plan.leftAlone), ...ids }
}

/**
 * The follow-up's account must not take a slot `accounts.reserve` keeps free (tomorrow's run needs one; a closed
 * account holds its slot 90 days): a nightly with a regression still open would otherwise spend two a night.
 */
async function reserveTaken(input: VerifyFixInput): Promise<string | undefined> {
  const [{ connectTarget }, { readAccountQuota }] = await Promise.all([
    import('../runtime/provision.js'),
    import('../accounts/quota.js'),
  ])
  const facts = await readAccountQuota(await connectTarget(input.config, input.emulator), process.env)
  const reserve = input.config.accounts.reserve
  if (facts.quota - facts.count > reserve) return undefined
  return `no fresh account (quota): the organization has ${facts.count} account(s) (closed ones count for 90 days) and its quota is ${facts.quota}; a new account now would take one of the ${reserve} slot(s) accounts.reserve keeps free for the next run.`
}

/** "no fresh account (quota)" is the one failure a user acts on differently: free a slot, or raise the quota. */
export function failureReason(failure: HarnessError): string {
  const quota = failure.code === 'ACCOUNT_QUOTA_EXHAUSTED' || /account quota/.test(failure.message)
  return quota ? `no fresh account (quota): ${failure.message}` : `the follow-up run failed: ${failure.message}`
}
