/**
 * STS DecodeAuthorizationMessage: the decoded JSON for a blob this emulator issued to the same
 * account. The STS operation's own check (sts:DecodeAuthorizationMessage) runs before this.
 */
import { AwsError } from '../core/errors.js'
import type { RequestContext } from '../core/types.js'
import { lookupAuthorizationMessage } from './encoded-messages.js'

/** Unverified wording: the model documents the error, not its message text. */
export const INVALID_MESSAGE_TEXT = 'The message is invalid or expired.'

export function decodeAuthorizationMessage(ctx: RequestContext, encoded: string): string {
  const decoded = lookupAuthorizationMessage(ctx.state, ctx.caller.accountId, encoded)
  if (decoded === undefined) {
    throw new AwsError('InvalidAuthorizationMessageException', INVALID_MESSAGE_TEXT, { status: 400 })
  }
  return decoded
}
