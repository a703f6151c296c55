/**
 * Authorization of every emulated request: the operation's checks, adjusted by the AWS timeline
 * for this account/region/instant, each evaluated against the caller's identity policies, SCPs,
 * permissions boundary and session policies. Every check is recorded for the audit log; the first
 * failing one becomes the service's denial in AWS's words.
 */
import type { EvaluationResult } from '../../policy/types.js'
import type { AuthCheck, OperationDefinition, RequestContext, ServiceDefinition } from '../core/types.js'
import { applyTimeline, isLogsTagOnCreate } from '../timeline/apply.js'
import type { MessageStyle } from '../timeline/types.js'
import { authorizationRecord, type CheckEvaluator, createCheckEvaluator, findStatement } from './check-evaluator.js'
import { buildDecodedMessage } from './decoded-message.js'
import { accessDeniedError, deniedActionAsWritten, deniedResourceAsWritten } from './denial-errors.js'
import {
  accessDeniedMessage,
  type DenialFacts,
  ec2UnauthorizedMessage,
  logsTagOnCreateMessage,
} from './denial-message.js'
import { encodeAuthorizationMessage } from './encoded-messages.js'

/** Checks of which any one allowed suffices ("either logs:TagResource or logs:TagLogGroup"). */
const ALTERNATIVES: ReadonlyArray<ReadonlySet<string>> = [new Set(['logs:tagresource', 'logs:tagloggroup'])]

export function authorizeRequest(
  ctx: RequestContext,
  service: ServiceDefinition,
  operation: OperationDefinition,
): void {
  const operationKey = `${service.iamPrefix}:${ctx.operation}`
  const baseline = operation?.authorize?.(ctx) ?? [{ action: operationKey, resource: '*', reason: 'primary' }]
  const { checks, styles } = applyTimeline(ctx, operationKey, baseline)
  if (checks.length === 0) return
  const evaluator = createCheckEvaluator(ctx)
  const results = checks.map((check) => evaluator.evaluate(check))
  for (const [index, check] of checks.entries()) {
    const record = authorizationRecord(check, results[index]!)
    if (record.serviceCall && record.decision !== 'Allowed')
      Object.assign(record.serviceCall, serviceCallError(ctx, check, results[index]!, styles))
    ctx.authorization.push(record)
  }
  const failing = firstFailing(checks, results)
  if (failing === undefined) return
  throw denialError(ctx, service, operationKey, checks[failing]!, results[failing]!, styles, evaluator)
}

function firstFailing(checks: AuthCheck[], results: EvaluationResult[]): number | undefined {
  for (let index = 0; index < checks.length; index++) {
    if (results[index]!.decision === 'Allowed') continue
    const group = alternativeGroup(checks[index]!)
    const excused =
      group !== undefined &&
      checks.some(
        (other, j) =>
          j !== index &&
          other.reason === checks[index]!.reason &&
          group.has(other.action.toLowerCase()) &&
          results[j]!.decision === 'Allowed',
      )
    if (!excused) return index
  }
  return undefined
}

function alternativeGroup(check: AuthCheck): ReadonlySet<string> | undefined {
  const action = check.action.toLowerCase()
  return ALTERNATIVES.find((group) => group.has(action))
}

function denialError(
  ctx: RequestContext,
  service: ServiceDefinition,
  operationKey: string,
  check: AuthCheck,
  result: EvaluationResult,
  styles: ReadonlySet<MessageStyle>,
  evaluator: CheckEvaluator,
) {
  if (isLogsTagOnCreate(check, operationKey)) {
    const message = logsTagOnCreateMessage(ctx.caller.accountId, styles.has('logs-additional-permission'))
    return accessDeniedError(service.signingName, message)
  }
  const facts: DenialFacts = {
    callerArn: ctx.caller.arn,
    action: deniedActionAsWritten(service.signingName, check.action),
    resource: deniedResourceAsWritten(service.signingName, check.resource),
    decision: result.decision === 'ExplicitlyDenied' ? 'ExplicitlyDenied' : 'ImplicitlyDenied',
    decidedBy: result.decidedBy,
    policyArn: styles.has('policy-arns') ? denyingPolicyArn(result) : undefined,
  }
  if (service.signingName !== 'ec2') {
    return accessDeniedError(
      service.signingName,
      accessDeniedMessage(facts, { reasonClauses: styles.has('reason-clauses') }),
    )
  }
  // EC2 Describe* calls have no resource-level permissions and return no encoded message.
  const describe = ctx.operation.startsWith('Describe')
  const encoded = describe ? undefined : encodeDecision(ctx, check, result, evaluator)
  const verbose = styles.has('ec2-verbose-unauthorized')
  return accessDeniedError('ec2', ec2UnauthorizedMessage(facts, { verbose, encoded, omitResource: describe }))
}

/** The callee's own AccessDenied (a JSON-protocol service's code) for a denied call made on the caller's behalf. */
function serviceCallError(
  ctx: RequestContext,
  check: AuthCheck,
  result: EvaluationResult,
  styles: ReadonlySet<MessageStyle>,
): { errorCode: string; errorMessage: string } {
  const facts: DenialFacts = {
    callerArn: ctx.caller.arn,
    action: check.action,
    resource: check.resource,
    decision: result.decision === 'ExplicitlyDenied' ? 'ExplicitlyDenied' : 'ImplicitlyDenied',
    decidedBy: result.decidedBy,
  }
  return {
    errorCode: 'AccessDeniedException',
    errorMessage: accessDeniedMessage(facts, { reasonClauses: styles.has('reason-clauses') }),
  }
}

const ARN_POLICY_TYPES = new Set([
  'identity-based',
  'service control',
  'resource control',
  'permissions boundary',
  'session',
])

/** The ARN of the policy whose Deny decided (inline policies have none, so no ARN is shown). */
export function denyingPolicyArn(result: EvaluationResult): string | undefined {
  if (result.decision !== 'ExplicitlyDenied' || !ARN_POLICY_TYPES.has(result.decidedBy)) return undefined
  const deny = result.matchedStatements.find(
    (matched) => matched.effect === 'Deny' && matched.policyType === result.decidedBy,
  )
  return deny?.policyId.startsWith('arn:') ? deny.policyId : undefined
}

function encodeDecision(ctx: RequestContext, check: AuthCheck, result: EvaluationResult, evaluator: CheckEvaluator) {
  const explicitDeny = result.decision === 'ExplicitlyDenied'
  const sources = evaluator.sources()
  const matched = result.matchedStatements
    .filter((statement) => statement.effect === (explicitDeny ? 'Deny' : 'Allow'))
    .map((statement) => ({
      statementId: statement.sid,
      effect: statement.effect,
      statement: findStatement(sources, statement.policyId, statement.index),
    }))
  const decoded = buildDecodedMessage({
    allowed: false,
    explicitDeny,
    matchedStatements: explicitDeny ? matched : [],
    principal: { id: ctx.caller.userId, arn: ctx.caller.arn },
    action: check.action,
    resource: check.resource,
    conditions: {
      ...evaluator.contextFor(check),
      'aws:Region': ctx.region,
      'aws:Service': check.action.split(':')[0],
      'aws:Account': ctx.caller.accountId,
    },
  })
  return encodeAuthorizationMessage(ctx.state, ctx.caller.accountId, decoded)
}
