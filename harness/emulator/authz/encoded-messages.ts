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

/** Keeps the decoded JSON and returns the blob to put in the UnauthorizedOperation message. */
export function encodeAuthorizationMessage(state: EmulatorState, accountId: string, decoded: string): string {
  const store = storeOf(state)
  const blob = randomBytes(192).toString('base64url')
  store.set(blob, { accountId, decoded })
  if (store.size > MAX_ENCODED_MESSAGES) store.delete(store.keys().next().value!)
  return blob
}

/** The decoded JSON, or undefined when the blob is unknown, expired or from another account. */
export function lookupAuthorizationMessage(state: EmulatorState, accountId: string, blob: string): string | undefined {
  const stored = storeOf(state).get(blob.trim())
  return stored && stored.accountId === accountId ? stored.decoded : undefined
}
