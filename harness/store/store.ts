/**
 * The history store's three verbs, for either kind of store. pull: the store's runs and state into the
 * reports directory (where baselines are chosen). push: the reports directory's new runs and state into
 * the store. The index of the store is what `harness history list` and the release gate read.
 */
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { HistoryLocation } from '../config/history-location.js'
import { readFromStore, writeToStore } from './dir-store.js'
import { checkoutDirFor, pushWithRetry, syncCheckout } from './git-store.js'
import { type HistoryIndex, readIndex } from './index-file.js'
import { checkDirLocation } from './store-guard.js'

export interface StoreContext {
  location: HistoryLocation
  reportsDir: string
  /** Where a remote name like `origin` is looked up (the user's repository). */
  cwd: string
}

/** The directory holding the store's files: the directory itself, or the git checkout. */
export const storeDirOf = (context: StoreContext): string =>
  context.location.kind === 'dir' ? context.location.dir : checkoutDirFor(context.reportsDir, context.location)

export interface PullResult {
  /** Run records copied into the reports directory. */
  copied: number
  index: HistoryIndex
  /** False for a store not created yet (no such branch or directory): the first push creates it; or a typo. */
  exists: boolean
}

export async function pullHistory(context: StoreContext): Promise<PullResult> {
  const { location } = context
  checkDirLocation(location, context.reportsDir)
  const storeDir = storeDirOf(context)
  const exists =
    location.kind === 'git' ? await syncCheckout(location, storeDir, context.cwd) : existsSync(location.dir)
  const { copied } = await readFromStore(storeDir, context.reportsDir)
  return { copied, index: await readIndex(storeDir), exists }
}

/** Said beside a pull's counts when the store is not there yet. */
export const notCreatedYet = (location: HistoryLocation): string =>
  ` (${location.kind === 'git' ? `the branch ${location.branch} does not exist` : 'the directory does not exist'} yet: the first push creates it)`

export interface PushResult {
  changed: string[]
  attempts: number
  /** Unusable local run files left out of the store (named, with the reason). */
  skipped: string[]
}

export async function pushHistory(context: StoreContext): Promise<PushResult> {
  const { location } = context
  checkDirLocation(location, context.reportsDir)
  const storeDir = storeDirOf(context)
  let skipped: string[] = []
  const apply = async () => {
    const written = await writeToStore(storeDir, context.reportsDir)
    skipped = written.skipped
    return [...written.added, ...written.stateFiles.map((file) => `state/${file}`)]
  }
  if (location.kind === 'dir') return { changed: await apply(), attempts: 1, skipped }
  return { ...(await pushWithRetry(location, storeDir, context.cwd, apply, commitMessage)), skipped }
}

/** Reads the index; for a git store, after fetching the branch. */
export async function readStoreIndex(context: StoreContext): Promise<HistoryIndex> {
  checkDirLocation(context.location, context.reportsDir)
  if (context.location.kind === 'git') await syncCheckout(context.location, storeDirOf(context), context.cwd)
  return readIndex(storeDirOf(context))
}

function commitMessage(changed: string[]): string {
  const runs = changed.filter((file) => file.startsWith('runs/')).map((file) => file.split('/').pop())
  const shards = changed.filter((file) => file.startsWith('shards/')).map((file) => dirname(file).split('/').pop())
  const parts = [
    runs.length ? `${runs.length} run(s): ${runs.join(', ')}` : '',
    shards.length ? `${shards.length} shard record(s) of ${[...new Set(shards)].join(', ')}` : '',
  ].filter(Boolean)
  return `harness history: ${parts.join('; ') || 'state'}`
}
