/**
 * A history store on disk: `runs/<yyyy>/<mm>/<runId>.json` (compact, one file per run, never
 * rewritten), `shards/<group>/<runId>.json` (shard records waiting for `harness merge`), `state/`
 * (ledger, journal), `index.json` and `history-index.json` (history-index-copy.ts). The git store is this
 * layout in a checkout of the results branch.
 */

import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { loadHistoryIndex } from '../history/index-file.js'
import { assertNoSecrets, readRunRecord, runsDir, writeFileAtomic } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { pruneSettledJournals } from '../journal/journal.js'
import { type AddedRunFile, installStoreHistoryIndex, updateStoreHistoryIndex } from './history-index-copy.js'
import { foldRun, INDEX_FILE, readIndex, renderIndex } from './index-file.js'
import { shardOf } from './shard-tag.js'
import { mergeStateFile } from './state-merge.js'

/** Where a record lives in the store, relative to its root. */
export function storePathOf(record: RunRecord): string {
  const shard = shardOf(record)
  if (shard) return `shards/${safeName(shard.group)}/${record.runId}.json`
  const date = /^(\d{4})-(\d{2})/.exec(record.runId) ?? /^(\d{4})-(\d{2})/.exec(record.startedAt)
  return `runs/${date?.[1] ?? 'undated'}/${date?.[2] ?? 'undated'}/${record.runId}.json`
}

const safeName = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_')

export interface StoreWrite {
  added: string[]
  stateFiles: string[]
  /** Local run files that were not pushed because they are not usable, each saying why. */
  skipped: string[]
}

/**
 * Copies the reports directory's runs and state into the store; existing run files are never touched.
 * The reports directory's history index says which runs there are, so only the runs the store lacks are read.
 */
export async function writeToStore(storeDir: string, reportsDir: string): Promise<StoreWrite> {
  const { index: local } = await loadHistoryIndex(reportsDir)
  let index = await readIndex(storeDir)
  const added: string[] = []
  const addedRuns: AddedRunFile[] = []
  for (const run of local.runs) {
    // Where the run would be (shard records live apart); a wrong guess only costs reading the record.
    const shard = run.shardGroup ? { group: run.shardGroup, index: 1, count: 1, regions: [] } : undefined
    const guess = storePathOf({ ...run, ...(shard ? { shard } : {}) } as unknown as RunRecord)
    if (existsSync(join(storeDir, guess))) continue
    const record = await readRunRecord(join(runsDir(reportsDir), run.file))
    const file = storePathOf(record)
    if (existsSync(join(storeDir, file))) continue
    const content = `${JSON.stringify(record)}\n`
    assertNoSecrets(content, file)
    await writeFileAtomic(join(storeDir, file), content)
    if (!shardOf(record)) {
      index = foldRun(index, record, file)
      addedRuns.push({ record, path: join(storeDir, file), size: Buffer.byteLength(content) })
    }
    added.push(file)
  }
  if (added.length > 0) await writeFileAtomic(join(storeDir, INDEX_FILE), renderIndex(index))
  if (addedRuns.length > 0) await updateStoreHistoryIndex(storeDir, await filesUnder(join(storeDir, 'runs')), addedRuns)
  const stateFiles = await mergeStateDir(join(reportsDir, 'state'), join(storeDir, 'state'))
  // The store keeps state/ as a reports directory does: its old settled journals go too (a pull would restore them).
  await pruneSettledJournals(storeDir)
  return { added, stateFiles, skipped: local.invalid.map((invalid) => invalid.problem) }
}

/** Copies the store's runs (not shard records), its history index when it fits, and state into the reports directory. */
export async function readFromStore(storeDir: string, reportsDir: string): Promise<{ copied: number }> {
  const target = join(reportsDir, 'runs')
  await mkdir(target, { recursive: true })
  const hadRuns = (await readdir(target)).some((name) => name.endsWith('.json'))
  let copied = 0
  for (const file of await filesUnder(join(storeDir, 'runs'))) {
    const destination = join(target, basename(file))
    if (existsSync(destination)) continue
    await copyFile(file, destination)
    copied++
  }
  // A fresh working copy (no runs of its own): the store's history index saves reading every record once.
  if (!hadRuns && copied > 0) await installStoreHistoryIndex(storeDir, reportsDir)
  await mergeStateDir(join(storeDir, 'state'), join(reportsDir, 'state'))
  return { copied }
}

/** The shard records of one group, copied into `<reportsDir>/shards/<group>/` for `harness merge`. */
export async function shardFilesIn(storeDir: string, group: string): Promise<string[]> {
  return filesUnder(join(storeDir, 'shards', safeName(group)))
}

/** Merges each file of `fromDir` into `toDir` (state-merge rules); returns the files that changed. */
async function mergeStateDir(fromDir: string, toDir: string): Promise<string[]> {
  const changed: string[] = []
  for (const file of await filesUnder(fromDir)) {
    const name = relative(fromDir, file)
    if (name.includes('.tmp-')) continue
    const ours = await readFile(file, 'utf8')
    const destination = join(toDir, name)
    const theirs = existsSync(destination) ? await readFile(destination, 'utf8') : undefined
    const merged = mergeStateFile(name, theirs, ours)
    if (merged === theirs) continue
    assertNoSecrets(merged, destination)
    await writeFileAtomic(destination, merged)
    changed.push(name)
  }
  return changed
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return entries
    .filter(
      (entry) => (entry.isFile() && entry.name.endsWith('.json')) || (entry.isFile() && entry.name.endsWith('.jsonl')),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}
