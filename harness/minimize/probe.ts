/**
 * One probe: the chosen scenarios in the chosen regions, in a brand-new account, under a candidate policy
 * (runtime/execute.ts, the same path as `harness run`). On the emulator the calls' authorization checks are
 * read back through its control API (`/_emulator/calls`), so the first run tells which actions were checked
 * on which resources.
 */
import type { ResolvedConfig } from '../config/resolve.js'
import { HarnessError } from '../errors.js'
import type { StepResult } from '../history/types.js'
import type { LoadedScenario } from '../runtime/collect.js'
import type { LocalEmulator } from '../runtime/local-emulator.js'
import { catalogueChecks, impliedChecks } from './implied-checks.js'
import type { PolicyDocument } from './policy-document.js'

export interface ProbeCheck {
  action: string
  resource: string
  operation: string
  region: string
  decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'
  /** The resource's tags when the check was made (e.g. harness:managed-by on an instance being terminated). */
  resourceTags?: Record<string, string>
}

export interface ProbeResult {
  /** Every step of every scenario was allowed. */
  ok: boolean
  results: StepResult[]
  /** The run's name token: uniqueName() puts it in every resource name the scenarios create. */
  nameToken: string
  /** Authorization checks of the scenario role's calls (emulator only). */
  checks: ProbeCheck[]
}

export type Probe = (policy: PolicyDocument) => Promise<ProbeResult>

export interface ProbeInput {
  config: ResolvedConfig
  scenarios: LoadedScenario[]
  /** The emulator the probes run on; absent on real AWS. */
  emulator?: LocalEmulator
  /** 'audit' (default with an emulator): its call audit gives every check; 'calls': the steps' own calls (real AWS). */
  checksFrom?: 'audit' | 'calls'
  signal: AbortSignal
  /** Real AWS: said before each probe's account is vended (how many probes so far). */
  onProbe?: (count: number) => void
}

const SILENT = { info() {}, warn() {}, region() {}, step() {} }

/**
 * A probe needs its steps' outcomes and the calls' checks, never the CloudTrail capture: its delivery wait
 * (the emulator's scaled 5 minutes, AWS's real 5) would be idle time in every probe.
 */
export function probeConfig(config: ResolvedConfig): ResolvedConfig {
  return { ...config, cloudTrailCapture: { enabled: false } }
}

export function createProbe(input: ProbeInput): { probe: Probe; count: () => number } {
  let count = 0
  const probe: Probe = async (policy) => {
    const [{ execute }, { newRunId }] = await Promise.all([
      import('../runtime/execute.js'),
      import('../history/run-id.js'),
    ])
    count++
    input.onProbe?.(count)
    const runId = newRunId()
    const json = JSON.stringify(policy)
    const executed = await execute({
      config: probeConfig(input.config),
      scenarios: input.scenarios,
      policy: { file: '(minimize candidate)', json, hash: '' },
      runId,
      progress: SILENT,
      signal: input.signal,
      emulator: input.emulator,
    })
    if (executed.failure) throw executed.failure
    const results = executed.results
    const ok = results.length > 0 && results.every((result) => result.outcome.kind === 'allowed')
    const fromAudit = input.emulator && input.checksFrom !== 'calls'
    const checks = !fromAudit
      ? await checksFromCalls(results, executed.account?.accountId ?? '')
      : executed.account
        ? await readChecks(input.emulator!, executed.account.accountId)
        : []
    return { ok, results, nameToken: nameTokenOf(runId), checks }
  }
  return { probe, count: () => count }
}

/**
 * Real AWS keeps no audit of which actions it checked: an allowed step's own calls stand for them, each with the
 * checks the emulator's definition of its operation implies (implied-checks.ts: real ARN formats, names unknown),
 * else those of the catalogue's required resource types; a call neither explains (Describe*) counts for its action
 * alone, with no resource, so nothing is narrowed from it.
 * Extra checks (tag-on-create) show up only as denials.
 */
async function checksFromCalls(results: StepResult[], accountId: string): Promise<ProbeCheck[]> {
  const allowed = results.filter((result) => result.outcome.kind === 'allowed')
  const checks: ProbeCheck[] = []
  for (const result of allowed) {
    for (const call of result.calls ?? []) {
      const implied = await impliedChecks(call.action, result.region, result.accountId ?? accountId)
      const found = implied.length > 0 ? implied : await catalogueChecks(call.action, result.region)
      const operation = call.action.split(':')[1] ?? call.action
      checks.push(
        ...(found.length > 0
          ? found
          : [{ action: call.action, resource: '', operation, region: result.region, decision: 'Allowed' as const }]),
      )
    }
  }
  return checks
}

/** The same token runtime/execute.ts derives for uniqueName(). */
function nameTokenOf(runId: string): string {
  return runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
}

interface CallWithChecks {
  operation: string
  region: string
  principalArn: string
  authorization: Array<{
    action: string
    resource: string
    decision: ProbeCheck['decision']
    resourceTags?: Record<string, string>
  }>
}

/** Checks made for the scenario role (harness-minimal-*), not for the administrator's setup and cleanup. */
async function readChecks(emulator: LocalEmulator, accountId: string): Promise<ProbeCheck[]> {
  const response = await fetch(`${emulator.endpoint}/_emulator/calls?accountId=${encodeURIComponent(accountId)}`)
  if (!response.ok) throw new HarnessError('EMULATOR_FAILED', `The emulator's call audit answered ${response.status}.`)
  const { calls } = (await response.json()) as { calls: CallWithChecks[] }
  return calls
    .filter((call) => /:assumed-role\/harness-minimal-/.test(call.principalArn))
    .flatMap((call) =>
      call.authorization.map((check) => ({
        action: check.action,
        resource: check.resource,
        decision: check.decision,
        ...(check.resourceTags ? { resourceTags: check.resourceTags } : {}),
        operation: call.operation,
        region: call.region,
      })),
    )
}
