/** Reading and writing `<reports>/runs/<runId>.json`: atomic writes, named errors, never a credential on disk. */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { compareText } from '../compare-text.js'
import { HarnessError } from '../errors.js'
import { findSecretShapes, redactRegisteredSecrets, redactSecrets } from '../outcomes/redact.js'
import { runFileOf } from './run-id.js'
import { describeIssues, runRecordSchema, upgradeV1 } from './run-record-schema.js'
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from './types.js'

export { newRunId } from './run-id.js'

/** A stored run file that cannot be used: the message names the file and the problem. */
export class StoredRunError extends HarnessError {
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super('STORED_RUN_INVALID', `Run record ${file} is not usable: ${problem}`, options)
    this.name = 'StoredRunError'
  }
}

/** Something credential-shaped was about to be written. A harness bug; the message never repeats the value. */
export class SecretLeakError extends Error {
  readonly code = 'SECRET_IN_OUTPUT'
  constructor(where: string, shapes: string[]) {
    super(`Refusing to write ${where}: it contains something shaped like a ${shapes.join(', ')}`)
    this.name = 'SecretLeakError'
  }
}

export interface StoredRun {
  path: string
  record: RunRecord
}

export interface RunListing {
  /** Valid runs, oldest first (by startedAt). */
  runs: StoredRun[]
  /** Files that were skipped, each with the reason. */
  invalid: StoredRunError[]
}

export const runsDir = (reportsDir: string): string => join(reportsDir, 'runs')
export const runRecordPath = runFileOf
/** Release checks' records (RunRecord.releaseCheck): beside the history, never in it. */
export const checksDir = (reportsDir: string): string => join(reportsDir, 'checks')
const checkRecordPath = (reportsDir: string, runId: string): string => join(checksDir(reportsDir), `${runId}.json`)

/** Where a run id's record is: in the history (runs/), else a release check's (checks/); runs/ when neither. */
export function storedRunPath(reportsDir: string, runId: string): string {
  const run = runRecordPath(reportsDir, runId)
  const check = checkRecordPath(reportsDir, runId)
  return !existsSync(run) && existsSync(check) ? check : run
}

/** Throws SecretLeakError when text holds a credential shape or one of the given known secret values. */
export function assertNoSecrets(text: string, where = 'output', knownSecrets: readonly string[] = []): void {
  const shapes = findSecretShapes(text)
  if (knownSecrets.some((secret) => secret.length >= 8 && text.includes(secret))) shapes.push('known credential')
  if (shapes.length > 0) throw new SecretLeakError(where, shapes)
}

/**
 * Writes `<file>.tmp-<pid>-<rand>` then renames it into place, so readers never see a half-written record.
 * Every report and record goes through here, so the content passes the redactor once more.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  await mkdir(dirname(path), { recursive: true })
  try {
    await writeFile(temp, redactSecrets(content), { encoding: 'utf8', flag: 'wx' })
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

export async function writeRunRecord(
  reportsDir: string,
  record: RunRecord,
  knownSecrets: readonly string[] = [],
): Promise<string> {
  const path = record.releaseCheck ? checkRecordPath(reportsDir, record.runId) : runRecordPath(reportsDir, record.runId)
  const parsed = runRecordSchema.safeParse(record)
  if (!parsed.success)
    throw new StoredRunError(path, `refusing to write an invalid record: ${describeIssues(parsed.error)}`)
  // Registered credential values are removed; anything else credential-shaped is a harness bug and refused.
  const content = redactRegisteredSecrets(`${JSON.stringify(record, null, 2)}\n`)
  assertNoSecrets(content, path, knownSecrets)
  await writeFileAtomic(path, content)
  return path
}

export async function readRunRecord(path: string): Promise<RunRecord> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new StoredRunError(path, error.code === 'ENOENT' ? 'file not found' : `cannot read it (${error.code})`, {
      cause: error,
    })
  })
  return parseRunRecord(text, path)
}

export function parseRunRecord(text: string, path: string): RunRecord {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, ' ')
    throw new StoredRunError(path, `not JSON (${reason})`, { cause: error })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new StoredRunError(path, 'not a JSON object')
  const version = (data as { schemaVersion?: unknown }).schemaVersion
  const unsupported = () =>
    new StoredRunError(
      path,
      `schemaVersion ${JSON.stringify(version)} is not supported (this harness reads schemaVersion 1 and ${RUN_RECORD_SCHEMA_VERSION})`,
    )
  if (version !== undefined && version !== 1 && version !== RUN_RECORD_SCHEMA_VERSION) throw unsupported()
  // drift.json, state/accounts.json or any other JSON: say so rather than list ten missing fields.
  if (!('runId' in data) && !('results' in data)) {
    throw new StoredRunError(
      path,
      'not a run record (no "runId" or "results"); run records are <reports>/runs/<runId>.json',
    )
  }
  if (version === undefined) throw unsupported()
  // Version 1 lacks only what version 2 added (endpoint, policy, probes, expectations): read it as version 2.
  const current = version === 1 ? upgradeV1(data as Record<string, unknown>) : data
  const parsed = runRecordSchema.safeParse(current)
  if (!parsed.success) throw new StoredRunError(path, `invalid field ${describeIssues(parsed.error)}`)
  return parsed.data as RunRecord
}

/** Every run record in `<reports>/runs`, oldest first; unreadable files are reported, not fatal. */
export async function listRunRecords(reportsDir: string): Promise<RunListing> {
  const dir = runsDir(reportsDir)
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    throw error
  })
  const listing: RunListing = { runs: [], invalid: [] }
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name)
    try {
      listing.runs.push({ path, record: await readRunRecord(path) })
    } catch (error) {
      if (!(error instanceof StoredRunError)) throw error
      listing.invalid.push(error)
    }
  }
  listing.runs.sort((a, b) => compareStartedAt(a.record, b.record))
  return listing
}

export function compareStartedAt(a: RunRecord, b: RunRecord): number {
  return Date.parse(a.startedAt) - Date.parse(b.startedAt) || compareText(a.runId, b.runId)
}
