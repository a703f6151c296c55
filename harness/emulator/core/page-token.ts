/**
 * Opaque page tokens. AWS's are blobs it issued and refuses otherwise, so a token here names its
 * listing and position (base64url), and one the emulator did not issue for that listing is refused
 * with the error the service answers (the caller supplies it; see FACTS.md per service).
 */
import type { AwsError } from './errors.js'

export function encodePageToken(listing: string, position: string | number): string {
  return Buffer.from(`${listing}:${position}`).toString('base64url')
}

/** The position a token carries; `invalid()` is thrown for anything not issued for `listing`. */
export function decodePageToken(token: unknown, listing: string, invalid: () => AwsError): string {
  const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : ''
  if (!text.startsWith(`${listing}:`) || encodePageToken(listing, text.slice(listing.length + 1)) !== token)
    throw invalid()
  return text.slice(listing.length + 1)
}

/** An offset token's position as a number; `invalid()` unless it is a whole number. */
export function decodeOffsetToken(token: unknown, listing: string, invalid: () => AwsError): number {
  const position = decodePageToken(token, listing, invalid)
  if (!/^\d+$/.test(position)) throw invalid()
  return Number(position)
}
