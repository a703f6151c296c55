/**
 * `<reports>/history-index.json`: the history index on disk, kept in step with `<reports>/runs`. Loading it
 * lists the run files (names, sizes, modification times), folds the new ones in (one record each), and
 * rebuilds it from the records when it is missing, stale (a file changed or vanished, a run older than the
 * newest indexed one appeared) or corrupt (a first line holding the sha256 of the rest guards against
 * truncation and hand edits). It is a cache: the records stay the source of truth, so a failure to write
 * it costs speed, never a result.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { HarnessError } from '../errors.js'
import { redactSecrets } from '../outcomes/redact.js'
import {
  compareRefs,
  emptyHistoryIndex,
  type FileStat,
  foldRecord,
  foldsInOrder,
  HISTORY_INDEX_VERSION,
  type HistoryIndex,
} from './history-index.js'
import { readRunRecord, runsDir, StoredRunError, writeFileAtomic } from './run-record.js'
import { upgradeV1 } from './run-record-schema.js'
import type { RunRecord } from './types.js'

export const HISTORY_INDEX_FILE = 'history-index.json'
const FORMAT = 'harness-history-index'

export const historyIndexPath = (reportsDir: string): string => join(reportsDir, HISTORY_INDEX_FILE)

export interface LoadedIndex {
  index: HistoryIndex
  /** How the index was brought up to date: 'current', 'updated' (new runs folded) or 'rebuilt' (and why). */
  status: 'current' | 'updated' | 'rebuilt'
  rebuildReason?: string
}

export async function loadHistoryIndex(
  reportsDir: string,
  warn: (text: string) => void = () => {},
): Promise<LoadedIndex> {
  const files = await listRunFiles(reportsDir)
  const stored = await readHistoryIndexFile(reportsDir)
  let loaded: LoadedIndex
  if (typeof stored === 'string') loaded = await rebuild(inRunsOf(reportsDir), files, stored)
  else loaded = await update(reportsDir, stored, files)
  if (loaded.status !== 'current') {
    await writeHistoryIndex(reportsDir, loaded.index).catch((error: Error) =>
      warn(`could not write ${historyIndexPath(reportsDir)} (${error.message}); the next command rebuilds it\n`),
    )
  }
  return loaded
}

/** The run files of `<reports>/runs`, by name, with their sizes and modification times. */
export async function listRunFiles(reportsDir: string): Promise<FileStat[]> {
  const dir = runsDir(reportsDir)
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    // `--reports-dir` naming a file, or a file where runs/ goes: bad input, said as such (exit 2).
    if (error.code === 'ENOTDIR') {
      const runsIsTheFile = statSync(reportsDir, { throwIfNoEntry: false })?.isDirectory()
      const what = runsIsTheFile ? `${dir} (the reports directory's runs/)` : `the reports directory ${reportsDir}`
      throw new HarnessError('USAGE', `${what} is not a directory.`)
    }
    throw error
  })
  const files: FileStat[] = []
  // Synchronous on purpose: a year of runs is hundreds of stat calls, and one await each (a thread-pool
  // round trip) cost more than the rest of loading the index.
  for (const file of names.filter((name) => name.endsWith('.json')).sort()) {
    const info = statSync(join(dir, file), { throwIfNoEntry: false })
    if (info?.isFile()) files.push({ file, size: info.size, mtimeMs: info.mtimeMs })
  }
  return files
}

/** Where a listed run file is read from. */
export type RunFilePath = (file: FileStat) => string
const inRunsOf =
  (reportsDir: string): RunFilePath =>
  (file) =>
    join(runsDir(reportsDir), file.file)

/** `<dir>/history-index.json`, or why it cannot be used (missing, corrupt, another version). */
export async function readHistoryIndexFile(dir: string): Promise<HistoryIndex | string> {
  const path = historyIndexPath(dir)
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable')
  if (!text.startsWith('{')) return text === 'ENOENT' ? 'missing' : `unreadable (${text})`
  const newline = text.indexOf('\n')
  try {
    const header = JSON.parse(text.slice(0, newline)) as { format?: unknown; version?: unknown; sha256?: unknown }
    if (header.format !== FORMAT || header.version !== HISTORY_INDEX_VERSION) return 'written by another version'
    const body = text.slice(newline + 1)
    if (header.sha256 !== sha256(body)) return 'corrupt (checksum mismatch)'
    return JSON.parse(body) as HistoryIndex
  } catch {
    return 'corrupt (not JSON)'
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

export async function writeHistoryIndex(reportsDir: string, index: HistoryIndex): Promise<void> {
  // Redacted here as writeFileAtomic will (a no-op on data from redacted records), so the checksum holds.
  const body = redactSecrets(JSON.stringify(index))
  const header = JSON.stringify({ format: FORMAT, version: HISTORY_INDEX_VERSION, sha256: sha256(body) })
  await writeFileAtomic(historyIndexPath(reportsDir), `${header}\n${body}`)
}

const sameStat = (a: FileStat, b: FileStat): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs

/** Folds the files the index does not know; rebuilds when a known one changed or vanished. */
async function update(reportsDir: string, index: HistoryIndex, files: FileStat[]): Promise<LoadedIndex> {
  const known = new Map<string, FileStat>([...index.runs, ...index.invalid].map((entry) => [entry.file, entry]))
  const present = new Set(files.map((f) => f.file))
  const changed = [...known.values()].find((entry) => !present.has(entry.file))?.file
  const pathOf = inRunsOf(reportsDir)
  if (changed) return rebuild(pathOf, files, `stale (${changed} is gone)`)
  const fresh: FileStat[] = []
  for (const file of files) {
    const entry = known.get(file.file)
    if (!entry) fresh.push(file)
    else if (!sameStat(entry, file)) return rebuild(pathOf, files, `stale (${file.file} changed)`)
  }
  if (fresh.length === 0) return { index, status: 'current' }
  const records: Array<{ record: RunRecord; file: FileStat }> = []
  for (const file of fresh) {
    const record = await readOrNote(pathOf, file, index)
    if (record) records.push({ record, file })
  }
  records.sort((a, b) => compareRefs(a.record, b.record))
  for (const { record, file } of records) {
    if (!foldsInOrder(index, record)) return rebuild(pathOf, files, `stale (${file.file} is older than indexed runs)`)
    foldRecord(index, record, file)
  }
  return { index, status: 'updated' }
}

/** A valid record, or undefined after noting the file as invalid in the index. */
async function readOrNote(pathOf: RunFilePath, file: FileStat, index: HistoryIndex): Promise<RunRecord | undefined> {
  try {
    return await readRunRecord(pathOf(file))
  } catch (error) {
    if (!(error instanceof StoredRunError)) throw error
    index.invalid.push({ ...file, problem: error.message })
    return undefined
  }
}

async function rebuild(pathOf: RunFilePath, files: FileStat[], reason: string): Promise<LoadedIndex> {
  return { index: await buildHistoryIndex(files, pathOf), status: 'rebuilt', rebuildReason: reason }
}

/**
 * The index of `files`, from the records, one at a time (memory stays one record plus the index). Run files
 * are named by start time, so name order is nearly always start order; when it is not, a second pass folds
 * in start order.
 */
export async function buildHistoryIndex(files: readonly FileStat[], pathOf: RunFilePath): Promise<HistoryIndex> {
  const index = emptyHistoryIndex()
  const order: Array<{ runId: string; startedAt: string; file: FileStat }> = []
  let inOrder = true
  for (const file of files) {
    const record = await readOrNote(pathOf, file, index)
    if (!record) continue
    order.push({ runId: record.runId, startedAt: record.startedAt, file })
    if (inOrder && foldsInOrder(index, record)) foldRecord(index, record, file)
    else inOrder = false
  }
  if (inOrder) return index
  const sorted = emptyHistoryIndex()
  sorted.invalid = index.invalid
  for (const { file } of order.sort(compareRefs)) foldRecord(sorted, await readRunRecord(pathOf(file)), file)
  return sorted
}

/**
 * A run file the index holds: it was validated when it was folded in, and loading the index checked that
 * it has not changed since (size and modification time), so it is parsed without validating it again.
 * A file that changed in between (a race with a writer) falls back to the full read.
 */
export async function readIndexedRecord(reportsDir: string, entry: FileStat): Promise<RunRecord> {
  const path = join(runsDir(reportsDir), entry.file)
  const [text, info] = await Promise.all([
    readFile(path, 'utf8').catch(() => undefined),
    stat(path).catch(() => undefined),
  ])
  if (text === undefined || !info || info.size !== entry.size || info.mtimeMs !== entry.mtimeMs)
    return readRunRecord(path)
  let data: Record<string, unknown>
  try {
    data = JSON.parse(text) as Record<string, unknown>
  } catch {
    // Edited in place, size and time kept (QA): validated as any unindexed file, for an error naming it.
    return readRunRecord(path)
  }
  return (data.schemaVersion === 1 ? upgradeV1(data) : data) as unknown as RunRecord
}
