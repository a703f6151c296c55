/**
 * The reports directory is checked before any account is created: a run whose record, reports and
 * account ledger cannot be written would vend an account and lose its results. Missing directories
 * are created one level at a time, because a recursive mkdir under /proc never returns on Node 20.
 */
import { access, constants, mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { HarnessError } from '../errors.js'

export async function ensureReportsDir(dir: string): Promise<void> {
  const fail = (reason: string, cause?: unknown) =>
    new HarnessError('USAGE', `Reports directory ${dir} cannot be written: ${reason}.`, { cause })
  const missing: string[] = []
  let existing = path.resolve(dir)
  for (;;) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
      throw fail(`${existing}: ${error.code}`, error)
    })
    if (info?.isDirectory()) break
    if (info) throw fail(`${existing} is a file, not a directory`)
    missing.unshift(existing)
    const parent = path.dirname(existing)
    if (parent === existing) break
    existing = parent
  }
  for (const level of missing) {
    await mkdir(level).catch(async (error: NodeJS.ErrnoException) => {
      // Another run starting at the same moment created it first: fine if it is a directory.
      if (error.code === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) return
      throw fail(`cannot create ${level} (${error.code})`, error)
    })
  }
  await access(dir, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw fail(`not writable (${error.code})`, error)
  })
  await checkLayout(dir, fail)
}

/**
 * What a run writes inside the reports directory, and whether each is a directory or a file. Named here
 * rather than imported from their writers (history/, reporters/, journal/, plan/), which import this stage.
 */
export const REPORTS_LAYOUT: ReadonlyArray<{ name: string; kind: 'directory' | 'file' }> = [
  { name: 'runs', kind: 'directory' },
  { name: 'checks', kind: 'directory' },
  { name: 'state', kind: 'directory' },
  { name: 'state/accounts.json', kind: 'file' },
  { name: 'state/journal', kind: 'directory' },
  { name: 'state/freshness.json', kind: 'file' },
  { name: 'state/replay-freshness.json', kind: 'file' },
  { name: 'history-index.json', kind: 'file' },
  { name: 'release-gate.json', kind: 'file' },
  { name: 'drift.json', kind: 'file' },
  { name: 'drift.md', kind: 'file' },
  { name: 'report.html', kind: 'file' },
  { name: 'dashboard.html', kind: 'file' },
  { name: 'junit.xml', kind: 'file' },
]

/** `reports/runs` being a file or `reports/drift.json` a directory would fail only after the run: found now. */
async function checkLayout(dir: string, fail: (reason: string, cause?: unknown) => HarnessError): Promise<void> {
  for (const { name, kind } of REPORTS_LAYOUT) {
    const full = path.join(dir, name)
    const info = await stat(full).catch(() => undefined)
    if (!info) continue
    if (kind === 'directory' && !info.isDirectory()) throw fail(`${full} must be a directory but is a file`)
    if (kind === 'file' && info.isDirectory()) throw fail(`${full} must be a file but is a directory`)
    await access(full, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw fail(`${full} is not writable (${error.code})`, error)
    })
  }
}
