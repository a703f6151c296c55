/**
 * An ExplainInput → one Explanation per denial in it: a message is parsed by the run's own parser
 * (outcomes/parse-denial.ts), an encoded blob is decoded through STS when allowed, CloudTrail records
 * keep only failed calls that are denials.
 */
import { conditionNotMetText } from '../history/conditioned-grant.js'
import { runNameToken } from '../history/run-id.js'
import { stepAsOperation, suggestFix } from '../history/suggest-fix.js'
import { type TrailDenial, trailDenialOf } from '../outcomes/cloudtrail-event.js'
import { mergeDecodedMessage } from '../outcomes/decoded-denial.js'
import { parseDenialMessage } from '../outcomes/parse-denial.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { DeniedDetails } from '../outcomes/types.js'
import { type DecodeOptions, decodeAuthorizationMessage } from './decode.js'
import { explainDetails } from './explain.js'
import type { DeniedStep, ExplainInput } from './read-input.js'
import type { Explanation } from './types.js'

export interface ExplainResult {
  explanations: Explanation[]
  /** CloudTrail input: how many records were read, and why none explained (if so). */
  recordsRead?: number
  summary?: string
}

/** `decode: undefined` means --no-decode. */
export async function explainInput(input: ExplainInput, decode: DecodeOptions | undefined): Promise<ExplainResult> {
  if (input.kind === 'cloudtrail') {
    const denials = input.records.flatMap((record) => trailDenialOf(record) ?? [])
    const explanations = await Promise.all(denials.map((denial) => explainTrailDenial(denial, decode)))
    const result: ExplainResult = { explanations, recordsRead: input.records.length }
    if (explanations.length === 0) result.summary = noDenialSummary(input.records)
    return result
  }
  if (input.kind === 'run-record') return explainRun(input, decode)
  if (input.kind === 'encoded-message') {
    const { details, notes } = await withDecoded({ encodedMessage: input.blob }, decode)
    return { explanations: [await explainDetails(details, { input: 'encoded-message', notes })] }
  }
  const { details, notes } = await withDecoded(parseDenialMessage(redactSecrets(input.text)), decode)
  return { explanations: [await explainDetails(details, { input: 'message', notes })] }
}

/**
 * A stored run: each denied step (its message through the run's parser), with the fix the drift report gives
 * it (scoped by the run's declared policy), and each denied call of its capture that is not one of those steps.
 */
async function explainRun(
  run: Extract<ExplainInput, { kind: 'run-record' }>,
  decode: DecodeOptions | undefined,
): Promise<ExplainResult> {
  const trail = [...run.trail]
  const steps = await Promise.all(
    run.steps.map(async (step) => {
      const { details, notes } = await stepDetails(step, decode)
      // The step name is the API call for the shipped scenarios (CreateLogGroup, RunInstances, …).
      const named = stepAsOperation(step.step)
      if (!details.operation && named) details.operation = named
      notes.unshift(`step ${step.scenario} / ${step.step} @ ${step.region}`)
      // Its call's CloudTrail events (one per attempt) say nothing the step does not: one explanation, noted.
      const [event, ...more] = takeMatchingEvents(trail, step.region, details)
      const attempts = more.length > 0 ? `, ${more.length + 1} attempts` : ''
      if (event)
        notes.push(
          `CloudTrail recorded the same call (${event.eventSource} ${event.eventName}, ${event.errorCode}${attempts})`,
        )
      const explanation = await explainDetails(details, {
        input: 'run-step',
        region: step.region,
        notes,
        declaredPolicy: run.policy,
      })
      return withReportFix(explanation, step, run)
    }),
  )
  const calls = await Promise.all(trail.map((denial) => explainTrailDenial(denial, decode)))
  const result: ExplainResult = { explanations: [...steps, ...calls] }
  if (result.explanations.length === 0)
    result.summary = 'the run record has no denied step and no denied call in its CloudTrail capture'
  return result
}

/**
 * What the run read from the step's denial, as the drift report used it: EC2's old wording names no action,
 * and the run decoded its blob when it recorded the step (`decoded`), which needs no credentials now. Only a
 * record that named no action is parsed (and decoded) again.
 */
async function stepDetails(
  step: DeniedStep,
  decode: DecodeOptions | undefined,
): Promise<{ details: DeniedDetails; notes: string[] }> {
  const recorded = step.denied
  if (recorded && (recorded.action || recorded.actionCandidates?.length)) {
    const notes = recorded.decoded
      ? ['the run decoded the encoded authorization message when it recorded the step']
      : []
    return { details: { ...recorded }, notes }
  }
  return withDecoded(parseDenialMessage(redactSecrets(step.message)), decode)
}

/**
 * Removes and returns the capture's events for the step's call (same region, operation and denied action): one
 * per attempt, as a denial is re-probed before it counts.
 */
function takeMatchingEvents(trail: TrailDenial[], region: string, details: DeniedDetails): TrailDenial[] {
  // An action inferred from the event's name (EC2's old wording names none) says nothing against the step's.
  const matches = (event: TrailDenial) =>
    (event.region ?? region) === region &&
    event.eventName === details.operation &&
    (!event.denied.action || event.actionFromEvent || !details.action || event.denied.action === details.action)
  const taken = trail.filter(matches)
  trail.splice(0, trail.length, ...trail.filter((event) => !matches(event)))
  return taken
}

/**
 * The statement the drift report suggests for the step (suggest-fix.ts): scoped as the declared statement
 * for the call is (`harness-repo-*`), never this run's own resource names, which the next run does not reuse.
 */
function withReportFix(
  explanation: Explanation,
  step: DeniedStep,
  run: { runId: string; policy?: unknown },
): Explanation {
  if (!explanation.statement || !step.denied) return explanation
  const fix = suggestFix(step.denied, step.step, run.policy, runNameToken(run.runId), step.region)
  if (fix.conditionNotMet) explanation.notes.push(conditionNotMetText(fix.conditionNotMet, fix.missingAction ?? 'it'))
  if (!fix.suggestedStatement) return explanation
  explanation.statement = fix.suggestedStatement
  explanation.notes.push(
    fix.amendsStatement
      ? `the fix is scoped as the declared ${fix.amendsStatement} is, as in the drift report`
      : "the fix is the drift report's: this run's own resource names generalized",
  )
  return explanation
}

async function explainTrailDenial(denial: TrailDenial, decode: DecodeOptions | undefined): Promise<Explanation> {
  // A decoded blob names the action for sure; the one inferred from the event name is only a fallback.
  const { action: inferred, ...named } = denial.denied
  const base = denial.actionFromEvent && named.encodedMessage ? named : denial.denied
  const { details, notes } = await withDecoded(base, decode)
  let actionFromEvent = denial.actionFromEvent && base === denial.denied
  if (!details.action && !details.actionCandidates && inferred) {
    details.action = inferred
    actionFromEvent = true
  }
  notes.unshift(`CloudTrail ${denial.eventSource} ${denial.eventName} failed with ${denial.errorCode}`)
  if (!denial.message) notes.push('CloudTrail recorded no errorMessage for this call')
  return explainDetails(details, {
    input: 'cloudtrail-event',
    region: denial.region,
    eventTime: denial.eventTime,
    invokedBy: denial.invokedBy,
    actionFromEvent,
    notes,
  })
}

/** Decodes the EC2 blob when there is one and the message itself did not already name everything. */
async function withDecoded(
  details: DeniedDetails,
  decode: DecodeOptions | undefined,
): Promise<{ details: DeniedDetails; notes: string[] }> {
  if (!details.encodedMessage) return { details, notes: [] }
  if (!decode) return { details, notes: ['encoded authorization message not decoded (--no-decode)'] }
  const result = await decodeAuthorizationMessage(details.encodedMessage, decode)
  if ('problem' in result) return { details, notes: [`encoded authorization message not decoded: ${result.problem}`] }
  return {
    details: mergeDecodedMessage(details, result.decoded),
    notes: ['decoded the encoded authorization message through STS DecodeAuthorizationMessage'],
  }
}

function noDenialSummary(records: unknown[]): string {
  const failed = records.filter((record) => typeof (record as { errorCode?: unknown }).errorCode === 'string').length
  if (failed === 0) return `${records.length} CloudTrail record(s), none failed: no denial to explain`
  return `${records.length} CloudTrail record(s), ${failed} failed, none with an access-denied errorCode (AccessDenied, UnauthorizedOperation, ...)`
}
