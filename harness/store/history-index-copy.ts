/**
 * The reports directory's history index (history/index-file.ts) travels with the store, so a fresh CI
 * working copy does not read every record once to build it. A push keeps `<store>/history-index.json` over
 * the store's `runs/`: it folds the runs it adds, or rebuilds it from the store's records when it is
 * missing, corrupt, out of order or does not know a run file (one pushed by an older harness). A pull into
 * a reports directory that had no run files installs it, with the sizes and times of the local copies.
 * Modification times mean nothing in a store (a git checkout sets them), so entries there carry 0.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { compareText } from '../compare-text.js'
import { compareRefs, type FileStat, foldRecord, foldsInOrder, type HistoryIndex } from '../history/history-index.js'
import { buildHistoryIndex, listRunFiles, readHistoryIndexFile, writeHistoryIndex } from '../history/index-file.js'
import type { RunRecord } from '../history/types.js'

export interface AddedRunFile {
  record: RunRecord
  /** The file's path in the store. */
  path: string
  /** Its size in bytes, as written. */
  size: number
}

/** After a push wrote `added` into the store; `storeRunFiles`: every run file under the store's `runs/` now. */
export async function updateStoreHistoryIndex(
  storeDir: string,
  storeRunFiles: readonly string[],
  added: readonly AddedRunFile[],
): Promise<void> {
  const stored = await readHistoryIndexFile(storeDir)
  let index = typeof stored === 'string' ? undefined : stored
  const addedNames = new Set(added.map((file) => basename(file.path)))
  if (index && !knowsAll(index, storeRunFiles, addedNames)) index = undefined
  for (const { record, path, size } of [...added].sort((a, b) => compareRefs(a.record, b.record))) {
    if (!index || !foldsInOrder(index, record)) {
      index = undefined
      break
    }
    foldRecord(index, record, { file: basename(path), size, mtimeMs: 0 })
  }
  index ??= await rebuildFromStore(storeRunFiles)
  await writeHistoryIndex(storeDir, index)
}

/** The index describes every store run file except the ones just added. */
function knowsAll(index: HistoryIndex, storeRunFiles: readonly string[], added: ReadonlySet<string>): boolean {
  const known = new Set([...index.runs, ...index.invalid].map((entry) => entry.file))
  return storeRunFiles.every((path) => known.has(basename(path)) || added.has(basename(path)))
}

async function rebuildFromStore(storeRunFiles: readonly string[]): Promise<HistoryIndex> {
  const paths = new Map(storeRunFiles.map((path) => [basename(path), path]))
  const files: FileStat[] = []
  for (const [file, path] of [...paths].sort(([a], [b]) => compareText(a, b)))
    files.push({ file, size: (await stat(path)).size, mtimeMs: 0 })
  return buildHistoryIndex(files, (file) => paths.get(file.file)!)
}

/**
 * After a pull into a reports directory that had no run files: the store's index, if it describes exactly
 * the files now there (same names and sizes), with their local times. Returns whether it was installed;
 * otherwise the next command builds the index from the records as before.
 */
export async function installStoreHistoryIndex(storeDir: string, reportsDir: string): Promise<boolean> {
  const stored = await readHistoryIndexFile(storeDir)
  if (typeof stored === 'string') return false
  const entries = new Map([...stored.runs, ...stored.invalid].map((entry) => [entry.file, entry]))
  const local = await listRunFiles(reportsDir)
  if (local.length !== entries.size) return false
  for (const file of local) {
    const entry = entries.get(file.file)
    if (!entry || entry.size !== file.size) return false
    entry.mtimeMs = file.mtimeMs
  }
  await writeHistoryIndex(reportsDir, stored)
  return true
}
