/**
 * CloudFormation provisions each resource by calling its service's API, so the emulator runs the same
 * authorization (timeline included) and handlers an SDK request to that service would meet. Without a
 * service role the call is a forward access session with the caller's permissions, carrying aws:CalledVia,
 * aws:CalledViaFirst, aws:CalledViaLast = cloudformation.amazonaws.com and aws:ViaAWSService = true
 * (IAM UG, reference_policies_condition-keys and access_forward_access_sessions); with one, it is the
 * role's own session (service-role.ts), which carries none of them.
 */
import { authorizeRequest } from '../../authz/index.js'
import { type AwsError, isAwsError } from '../../core/errors.js'
import type { Caller, RequestContext, ServiceDefinition } from '../../core/types.js'
import type { IncomingRequest } from '../../protocols/types.js'
import logs from '../logs/index.js'
import s3 from '../s3/index.js'
import sns from '../sns/index.js'
import sqs from '../sqs/index.js'
import ssm from '../ssm/index.js'
import { CLOUDFORMATION } from './service-role.js'

const TARGETS: Record<string, ServiceDefinition> = { logs, s3, sns, sqs, ssm }

export interface InternalCall {
  service: string
  operation: string
  params: Record<string, unknown>
  /** S3 handlers read the HTTP request itself. */
  request?: IncomingRequest
}

function subContext(
  ctx: RequestContext,
  call: InternalCall,
  target: ServiceDefinition,
  serviceRole: Caller | undefined,
): RequestContext {
  const params: Record<string, unknown> = { ...call.params }
  if (call.request) Object.defineProperty(params, '$request', { value: call.request, enumerable: false })
  return {
    ...ctx,
    ...(serviceRole
      ? { caller: serviceRole, calledVia: undefined }
      : { calledVia: [...(ctx.calledVia ?? []), CLOUDFORMATION] }),
    service: target.signingName,
    operation: call.operation,
    protocol: target.protocol,
    params,
    authorization: [],
    serviceDefinition: target,
  }
}

export type CallResult = { ok: true; output: unknown } | { ok: false; error: AwsError; taggingDenied: boolean }

/**
 * Authorizes (as the caller, or as the stack's service role) and runs one call; a failure says whether a
 * tag-on-create check denied it.
 */
export async function invokeForStack(
  ctx: RequestContext,
  call: InternalCall,
  serviceRole?: Caller,
): Promise<CallResult> {
  const target = TARGETS[call.service]!
  await target.ready?.()
  const operation = target.operations[call.operation]!
  const sub = subContext(ctx, call, target, serviceRole)
  try {
    authorizeRequest(sub, target, operation)
    return { ok: true, output: await operation.handler(sub) }
  } catch (caught) {
    if (!isAwsError(caught)) throw caught
    const failed = sub.authorization.find((record) => record.decision !== 'Allowed')
    return { ok: false, error: caught, taggingDenied: failed?.reason === 'tag-on-create' }
  } finally {
    ctx.authorization.push(...sub.authorization)
  }
}
