/**
 * Authorization hook called by the server for every request (owned by the authz module).
 * STUB until emulator part 2 lands: allows everything and records nothing.
 */
import type { RoleRecord } from '../core/state.js'
import type { OperationDefinition, RequestContext, ServiceDefinition } from '../core/types.js'

/** Throws the service's AccessDenied-style AwsError when any check is denied; fills ctx.authorization. */
export function authorizeRequest(
  _ctx: RequestContext,
  _service: ServiceDefinition,
  _operation: OperationDefinition,
): void {}

/** Evaluates the role's trust policy for sts:AssumeRole (ExternalId, SourceIdentity, propagation). Throws AccessDenied. */
export function authorizeAssumeRole(_ctx: RequestContext, _role: RoleRecord): void {}

/** STS DecodeAuthorizationMessage: the decoded JSON text for an encoded EC2 failure message. */
export function decodeAuthorizationMessage(_ctx: RequestContext, _encoded: string): string {
  return '{}'
}
