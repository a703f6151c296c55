/**
 * EC2's "Encoded authorization failure message" blobs. AWS's blob is opaque to callers, so the
 * emulator hands out a random token and keeps the decoded JSON in a bounded map per emulator
 * state (oldest dropped first), as if the message had expired.
 */
import { randomBytes } from 'node:crypto'
import type { EmulatorState } from '../core/state.js'

export const MAX_ENCODED_MESSAGES = 2000

interface StoredMessage {
  accountId: string
  decoded: string
}

const stores = new WeakMap<EmulatorState, Map<string, StoredMessage>>()

function storeOf(state: EmulatorState): Map<string, StoredMessage> {
  let store = stores.get(state)
  if (!store) {
    store = new Map()
    stores.set(state, store)
  }
  return store
}

/**
 * AWS's blobs are about 1,300 base64url characters (one in github.com/hashicorp/terraform/issues/23918).
 * The length matters beyond realism: a shorter random blob is now and then all letters and digits, which
 * the run record's secret check rightly reads as a standard-base64 session token (outcomes/redact.ts) and
 * refuses to write; at 1,280 characters that chance is below 1e-17, at 256 it was 3e-4 per denial.
 */
const BLOB_BYTES = 960

/** Keeps the decoded JSON and returns the blob to put in the UnauthorizedOperation message. */
export function encodeAuthorizationMessage(state: EmulatorState, accountId: string, decoded: string): string {
  const store = storeOf(state)
  const blob = randomBytes(BLOB_BYTES).toString('base64url')
  store.set(blob, { accountId, decoded })
  if (store.size > MAX_ENCODED_MESSAGES) store.delete(store.keys().next().value!)
  return blob
}

/** The decoded JSON, or undefined when the blob is unknown, expired or from another account. */
export function lookupAuthorizationMessage(state: EmulatorState, accountId: string, blob: string): string | undefined {
  const stored = storeOf(state).get(blob.trim())
  return stored && stored.accountId === accountId ? stored.decoded : undefined
}
