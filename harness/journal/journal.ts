/**
 * One journal file per run, `<reports>/state/journal/<runId>.jsonl`. Each entry is appended and
 * fsync'ed before the call returns (so it survives kill -9 and power loss as far as the disk
 * allows). One file per run means two concurrent runs never write the same file.
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { JournalEntry, TimedEntry } from './types.js'

export const journalDir = (reportsDir: string): string => join(reportsDir, 'state', 'journal')

export class RunJournal {
  private queue: Promise<void> = Promise.resolve()

  constructor(readonly file: string) {}

  static async create(reportsDir: string, runId: string): Promise<RunJournal> {
    await mkdir(journalDir(reportsDir), { recursive: true })
    return new RunJournal(join(journalDir(reportsDir), `${runId}.jsonl`))
  }

  /** Appends durably; entries keep their order even when callers do not await each other. */
  append(entry: JournalEntry): Promise<void> {
    const line = `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`
    const next = this.queue.then(() => appendDurably(this.file, line))
    this.queue = next.catch(() => undefined)
    return next
  }
}

async function appendDurably(file: string, line: string): Promise<void> {
  const handle = await open(file, 'a')
  try {
    await handle.write(line)
    await handle.datasync()
  } finally {
    await handle.close()
  }
}

export interface StoredJournal {
  file: string
  runId: string
  entries: TimedEntry[]
}

/** Every journal under the reports directory; a torn last line (killed mid-write) is ignored. */
export async function readJournals(reportsDir: string): Promise<StoredJournal[]> {
  let names: string[]
  try {
    names = (await readdir(journalDir(reportsDir))).filter((name) => name.endsWith('.jsonl')).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const read = await Promise.all(
    names.map(async (name) => {
      const file = join(journalDir(reportsDir), name)
      // Removed meanwhile (another run pruned it as settled): nothing left to read, nothing to sweep.
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined
        throw error
      })
      return text === undefined ? [] : [{ file, runId: name.replace(/\.jsonl$/, ''), entries: parseLines(text) }]
    }),
  )
  return read.flat()
}

/** How long a settled run's journal is kept (a month of nights to look back at), then removed. */
export const SETTLED_JOURNAL_KEEP_MS = 30 * 24 * 60 * 60_000

/**
 * Removes the journals of runs that settled (nothing left to sweep) more than SETTLED_JOURNAL_KEEP_MS
 * before `now`: one file per night would otherwise pile up forever, in the reports directory and in the
 * history store that carries it. An unsettled journal is never removed: a sweep still needs it.
 */
export async function pruneSettledJournals(reportsDir: string, now = new Date()): Promise<string[]> {
  const removed: string[] = []
  for (const journal of await readJournals(reportsDir)) {
    const settled = journal.entries.findLast((entry) => entry.type === 'run-settled')
    if (!settled || now.getTime() - Date.parse(settled.at) <= SETTLED_JOURNAL_KEEP_MS) continue
    await rm(journal.file, { force: true })
    removed.push(journal.runId)
  }
  return removed
}

function parseLines(text: string): TimedEntry[] {
  const entries: TimedEntry[] = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      entries.push(JSON.parse(line) as TimedEntry)
    } catch {
      // Only the last line can be torn by a kill; anything else unparsable is skipped the same way.
    }
  }
  return entries
}
