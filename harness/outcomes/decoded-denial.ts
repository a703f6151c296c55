/**
 * EC2's older UnauthorizedOperation names no action, only an encoded blob. STS DecodeAuthorizationMessage
 * (called by the runner with administrator credentials) returns JSON naming the principal, action and resource;
 * this merges those into the parsed details (pure). Never replaces what the message itself said.
 */
import type { DeniedDetails } from './types.js'

interface DecodedContext {
  explicitDeny?: boolean
  context?: { principal?: { arn?: string }; action?: string; resource?: string }
}

export function mergeDecodedMessage(details: DeniedDetails, decodedJson: string): DeniedDetails {
  let decoded: DecodedContext
  try {
    decoded = JSON.parse(decodedJson) as DecodedContext
  } catch {
    return details
  }
  const context = decoded.context ?? {}
  const merged: DeniedDetails = { ...details }
  if (!merged.action && typeof context.action === 'string') merged.action = context.action
  if (!merged.resource && typeof context.resource === 'string') merged.resource = context.resource
  if (!merged.principal && typeof context.principal?.arn === 'string') merged.principal = context.principal.arn
  if (!merged.reason && typeof decoded.explicitDeny === 'boolean') {
    merged.reason = decoded.explicitDeny ? 'explicit deny (decoded message)' : 'no policy allows (decoded message)'
  }
  return merged
}
