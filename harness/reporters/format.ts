/** Small text helpers shared by the reporters (pure). */

import { tagOnCreateNote } from '../history/suggest-fix.js'
import type { ChangeKind, DriftChange, DriftReport } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { Outcome } from '../outcomes/types.js'
import { withoutUserInfo } from '../url-userinfo.js'

/** Reports format the same few run times thousands of times (every cell of a run says when it ran). */
const formattedTimes = new Map<string, string>()

/** `2026-11-02T10:00:05.123Z` → `2026-11-02 10:00:05 UTC`. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return 'unknown time'
  let text = formattedTimes.get(iso)
  if (text === undefined) {
    text = Number.isNaN(Date.parse(iso))
      ? 'unknown time'
      : `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`
    if (formattedTimes.size >= 10_000) formattedTimes.clear()
    formattedTimes.set(iso, text)
  }
  return text
}

/**
 * `allowed`, `allowed (dry run)`, `denied: ecr:TagResource`, `throttled: ThrottlingException: Rate exceeded`, `—`.
 * Failures that name no action carry their message (redacted, one line, at most 200 characters).
 */
export function outcomeLabel(outcome: Outcome | undefined): string {
  if (!outcome) return '—'
  switch (outcome.kind) {
    case 'allowed':
      return outcome.dryRun ? 'allowed (dry run)' : 'allowed'
    case 'skipped':
      return `skipped: ${outcome.reason}`
    case 'denied': {
      const asks = outcome.denied?.action ?? outcome.denied?.actionCandidates?.join(' or ')
      return asks ? `denied: ${asks}` : `denied (${outcome.errorName})${messageSuffix(outcome.message)}`
    }
    default:
      return `${outcome.kind}: ${outcome.errorName}${messageSuffix(outcome.message)}`
  }
}

const MESSAGE_LABEL_MAX = 200

/** `: <message>` redacted, on one line, at most 200 characters; empty when there is no message. */
function messageSuffix(message: string | undefined): string {
  const line = redactSecrets(message ?? '')
    .replace(/\s+/g, ' ')
    .trim()
  if (line === '') return ''
  return `: ${line.length > MESSAGE_LABEL_MAX ? `${line.slice(0, MESSAGE_LABEL_MAX - 1)}…` : line}`
}

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  regression: 'REGRESSION',
  'open-denial': 'OPEN DENIAL',
  'unexpected-allow': 'ALLOWED, MUST BE DENIED',
  'expected-denial': 'denied as expected',
  relaxation: 'relaxation',
  'changed-denial': 'changed denial',
  inconclusive: 'inconclusive',
  new: 'new',
  vanished: 'vanished',
  unchanged: 'unchanged',
}

export function targetLabel(target: string | undefined, endpoint?: string): string {
  // The embedded one or one of its own (HARNESS_EMULATOR_ENDPOINT): a record does not say which.
  if (target === 'local') return 'local (harness emulator)'
  // AWS_ENDPOINT_URL sent the calls elsewhere (a proxy, an emulator posing as AWS): said, not "real AWS".
  // A record from before runEndpoint left a URL's user:password out has it removed here.
  const url = endpoint && withoutUserInfo(endpoint)
  if (target === 'aws' && url && url !== 'aws') return `aws at ${url} (AWS_ENDPOINT_URL)`
  if (target === 'aws') return 'aws (real AWS organization)'
  return target ?? 'unknown'
}

/** Denial reasons in words a policy author acts on. */
export function describeReason(reason: string | undefined): string | undefined {
  if (reason === 'tag-on-create') {
    return 'tag-on-create: creating the resource with tags now also needs a tagging permission'
  }
  return reason
}

/** `logs:TagResource` (or `logs:TagLogGroup`) in markdown. */
export function markdownPermission(missingAction: string | undefined, candidates: string[] | undefined): string {
  if (!missingAction) return 'no action named in the message'
  const others = (candidates ?? []).filter((action) => action !== missingAction)
  const alternatives = others.length > 0 ? ` (or ${others.map((a) => `\`${a}\``).join(', ')})` : ''
  return `\`${missingAction}\`${alternatives}`
}

/**
 * `2026-12-07 02:57:30 UTC (first seen in this run)`. On a replay the emulated day leads, as that is when its
 * story happened: `2023-02-01, emulated (first seen in this run, started 2026-12-07 02:57:30 UTC)`, or
 * `(first seen in the run started …)` when an earlier run saw it first.
 */
export function sinceText(
  change: Pick<DriftChange, 'since' | 'sinceEmulatorDate'>,
  currentStartedAt: string | undefined,
): string | undefined {
  if (!change.since) return undefined
  const thisRun = change.since === currentStartedAt
  const emulatedDay = emulatedDayOf(change)
  if (emulatedDay)
    return `${emulatedDay}, emulated (first seen in ${thisRun ? 'this run,' : 'the run'} started ${formatTime(change.since)})`
  return thisRun ? `${formatTime(change.since)} (first seen in this run)` : formatTime(change.since)
}

/** `2026-11-02 10:00:00 UTC`, or on a replay `2023-02-01, emulated`: for one line of a verdict or a test case. */
export const sinceTime = (change: Pick<DriftChange, 'since' | 'sinceEmulatorDate'>): string | undefined => {
  if (!change.since) return undefined
  const emulatedDay = emulatedDayOf(change)
  return emulatedDay ? `${emulatedDay}, emulated` : formatTime(change.since)
}

/** The replay's day, unless it is the wall-clock day too (then the wall time says more). */
function emulatedDayOf(change: Pick<DriftChange, 'since' | 'sinceEmulatorDate'>): string | undefined {
  const day = change.sinceEmulatorDate?.slice(0, 10)
  return day && day !== change.since?.slice(0, 10) ? day : undefined
}

/** "AWS now asks for" only when AWS changed; an own edit or a guardrail is worded as what is missing. */
export function permissionHeading(
  change: Pick<DriftChange, 'cause' | 'change' | 'explicitDeny' | 'grantedNow'>,
): string {
  if (change.grantedNow) return 'Asked for (now granted)'
  if (change.cause === 'aws-change') return 'AWS now asks for'
  if (change.cause === 'guardrail' || change.explicitDeny) return 'Denied permission'
  return change.change === 'relaxation' ? 'Now allowed' : 'Missing permission'
}

/** `aws-change — AWS changed what this call needs: the declared policy did not change`. */
export function causeText(change: Pick<DriftChange, 'cause' | 'causeText'>): string | undefined {
  if (!change.cause) return undefined
  return change.causeText ? `${change.cause} — ${change.causeText}` : change.cause
}

/**
 * `run 2026-11-01T00-00-00Z-abc123 (2026-11-01 00:00:00 UTC)`: which run a step's baseline came from; a
 * replay's with its emulated day first, as "since" has it.
 */
export function baselineText(change: Pick<DriftChange, 'baseline'>): string | undefined {
  const baseline = change.baseline
  if (!baseline) return undefined
  const day = baseline.emulatorDate?.slice(0, 10)
  const when =
    day && day !== baseline.startedAt.slice(0, 10)
      ? `emulated ${day}; started ${formatTime(baseline.startedAt)}`
      : formatTime(baseline.startedAt)
  return `run ${baseline.runId} (${when})`
}

/**
 * "N inconclusive (never counted as drift)", unless some of them are steps still denied since an earlier
 * run (a night that could not tell, or did not run them): those count as open regressions, and it says so.
 */
export function inconclusiveText(report: Pick<DriftReport, 'summary' | 'changes'>): string {
  const open = report.changes.filter((change) => change.change === 'inconclusive' && change.stillDenied).length
  const count = report.summary.inconclusive
  if (open === 0) return `${count} inconclusive (never counted as drift)`
  return `${count} inconclusive (${open} of them still denied since an earlier run, counted as open; the rest never counted as drift)`
}

/** The verdict in one line for files: `findings (exit 1) — 2 open regressions`. */
export function verdictText(verdict: DriftReport['verdict']): string | undefined {
  if (!verdict) return undefined
  if (verdict.code === 0) return 'pass (exit 0)'
  return `${verdictName(verdict.code)} (exit ${verdict.code}) — ${verdict.reasons.join('; ')}`
}

/** What each verdict code is called wherever a verdict is shown (history/verdict.ts). */
export const verdictName = (code: NonNullable<DriftReport['verdict']>['code']): string =>
  ({ 0: 'pass', 1: 'findings', 3: 'infrastructure failure', 4: 'incomplete run' })[code]

export const DISAGREES = 'AWS disagrees with the documented rules'

/** `logs/x / CreateLogGroup @ ca-central-1: the rules predict denied (missing logs:TagResource or …), AWS allowed`. */
/** The prediction's missing permissions, `a|b` alternatives worded `a or b`: `logs:TagResource or logs:TagLogGroup`. */
export const missingText = (missing: readonly string[]): string =>
  missing.map((entry) => entry.split('|').join(' or ')).join(', ')

export function mismatchText(change: DriftChange): string | undefined {
  const mismatch = change.predictionMismatch
  if (!mismatch) return undefined
  const missing = mismatch.missing.length > 0 ? ` (missing ${missingText(mismatch.missing)})` : ''
  const actual = mismatch.predicted === 'allowed' ? 'denied' : 'allowed'
  return `${change.scenario} / ${change.step} @ ${change.region}: the rules predict ${mismatch.predicted}${missing}, AWS ${actual}`
}

/**
 * The fix for an explicit Deny, which no added statement overrides: `remove or narrow the Deny in the declared
 * statement Sid "NoTagging" (no Allow overrides an explicit Deny)`. Undefined for any other denial.
 */
export function denyFixText(change: Pick<DriftChange, 'explicitDeny' | 'blockedBy' | 'cause'>): string | undefined {
  if (!change.explicitDeny) return undefined
  if (change.blockedBy)
    return `remove or narrow the Deny in the declared statement ${change.blockedBy} (no Allow overrides an explicit Deny)`
  return change.cause === 'guardrail'
    ? 'change the Deny in the policy the message names: no statement in the declared policy overrides it'
    : 'find the Deny statement that matches this call and narrow or remove it: the declared policy has none, and no Allow overrides an explicit Deny'
}

/** The fix is in the declared policy already: what keeps the regression open, and how to close it sooner. */
export const GRANTED_NOW =
  'none to make: the declared policy now grants it, and the regression stays open until an account fresh for this step allows it (harness plan says when it is next tested fresh; harness run --strategy per-run tests it in a new account now)'

/** Whether the report shows a statement to add: not when the declared policy already grants it. */
export const showsStatement = (change: Pick<DriftChange, 'suggestedStatement' | 'grantedNow'>): boolean =>
  change.suggestedStatement !== undefined && !change.grantedNow

/** What to do, in words: the Deny to change, the statement to add (which follows the words), or both. */
export function fixSentence(
  change: Pick<
    DriftChange,
    | 'explicitDeny'
    | 'blockedBy'
    | 'cause'
    | 'amendsStatement'
    | 'missingAction'
    | 'suggestedStatement'
    | 'grantedNow'
    | 'tagOnCreate'
  >,
): string | undefined {
  if (change.grantedNow) return GRANTED_NOW
  const deny = denyFixText(change)
  if (!change.suggestedStatement) return deny
  return deny ? `${deny}, and ${fixWording(change)}` : fixWording(change)
}

/**
 * `add ecr:TagResource to the declared statement Sid "EcrCreateTaggedRepository" (same resource scope), or add this equivalent statement` when
 * a statement already covers the denied resource, else `add this statement to the declared policy`.
 */
export function fixWording(change: Pick<DriftChange, 'amendsStatement' | 'missingAction' | 'tagOnCreate'>): string {
  const why = change.tagOnCreate ? `; ${tagOnCreateNote(change.tagOnCreate)}` : ''
  if (!change.amendsStatement || !change.missingAction) return `add this statement to the declared policy${why}`
  return `add ${change.missingAction} to the declared statement ${change.amendsStatement} (same resource scope), or add this equivalent statement${why}`
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
