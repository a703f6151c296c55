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
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      throw fail(`cannot create ${level} (${error.code})`, error)
    })
  }
  await access(dir, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw fail(`not writable (${error.code})`, error)
  })
}
