/**
 * The account ledger, `<reports>/state/accounts.json`: every account harness vended, the runs that
 * used it, and the regions and operations it has used (its freshness: AWS's dated changes often
 * apply only to accounts that never made a call in a region before). Updates are atomic
 * (temp file + rename) and serialized within the process and, through a lock file, across processes.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { HarnessError } from '../errors.js'
import { withFileLock } from '../journal/lock.js'

export const LEDGER_SCHEMA_VERSION = 1

const useSchema = z.object({ key: z.string(), runId: z.string(), at: z.iso.datetime() })
const foundUseSchema = z.object({
  key: z.string(),
  eventTime: z.iso.datetime(),
  /** Who CloudTrail says made the call (user name or role session), never its access key. */
  by: z.string().optional(),
})

const ledgerEntrySchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  accountName: z.string().optional(),
  email: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  runIds: z.array(z.string()),
  regionsUsed: z.array(z.string()),
  /** Freshness keys, `<service>:<Operation>[+tags]@<region>`, e.g. 'logs:CreateLogGroup+tags@ca-central-1'. */
  operationsUsed: z.array(z.string()),
  status: z.enum(['kept', 'closed', 'close-failed']),
  closeError: z.string().optional(),
  /** When and by which run each freshness key was first used (optional: older ledgers lack it). */
  uses: z.array(useSchema).optional(),
  /** Keys found used through CloudTrail by something other than harness (StackSets, Config, …). */
  foundUsed: z.array(foundUseSchema).optional(),
})

const ledgerSchema = z.object({
  schemaVersion: z.literal(LEDGER_SCHEMA_VERSION),
  accounts: z.array(ledgerEntrySchema),
})

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>
export type FoundUse = z.infer<typeof foundUseSchema>
export type AccountLedger = z.infer<typeof ledgerSchema>

/** What one run adds to the ledger for its account. */
export interface AccountUse {
  accountId: string
  createdAt: Date
  runId: string
  regionsUsed: string[]
  operationsUsed: string[]
  status: LedgerEntry['status']
  accountName?: string
  email?: string
  closeError?: string
  /** First use of each key in this run. */
  uses?: Array<{ key: string; runId: string; at: string }>
  /** Keys CloudTrail showed used by someone else (merged into operationsUsed too). */
  foundUsed?: FoundUse[]
  /** When, on the target's clock (the emulator's may be simulated); default now. Dates a close for the quotas. */
  at?: Date
}

export const ledgerPath = (reportsDir: string): string => join(reportsDir, 'state', 'accounts.json')

/** A freshness key: the operation (with '+tags' when it carried tags) and where it succeeded. */
export const freshnessKey = (operation: string, region: string): string => `${operation}@${region}`

export async function readAccountLedger(reportsDir: string): Promise<AccountLedger> {
  const file = ledgerPath(reportsDir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { schemaVersion: LEDGER_SCHEMA_VERSION, accounts: [] }
    throw new HarnessError(
      'STORED_RUN_INVALID',
      `cannot read the account ledger ${file}: ${(error as Error).message}`,
      { cause: error },
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw corrupt(file, `not valid JSON (${(error as Error).message})`, error)
  }
  const parsed = ledgerSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw corrupt(file, issues, parsed.error)
  }
  return parsed.data
}

const queues = new Map<string, Promise<unknown>>()

/** Merges one run's use of an account into the ledger. */
export function recordAccountUse(reportsDir: string, use: AccountUse): Promise<LedgerEntry> {
  const file = ledgerPath(reportsDir)
  const previous = queues.get(file) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => updateLedger(reportsDir, use))
  queues.set(file, next)
  return next
}

/** Serialized across processes too: two runs on one reports directory must not lose an entry. */
function updateLedger(reportsDir: string, use: AccountUse): Promise<LedgerEntry> {
  return withFileLock(`${ledgerPath(reportsDir)}.lock`, () => mergeIntoLedger(reportsDir, use))
}

async function mergeIntoLedger(reportsDir: string, use: AccountUse): Promise<LedgerEntry> {
  const ledger = await readAccountLedger(reportsDir)
  const existing = ledger.accounts.find((entry) => entry.accountId === use.accountId)
  const entry = mergeUse(existing, use, use.at ?? new Date())
  ledger.accounts = [...ledger.accounts.filter((account) => account !== existing), entry]
  await writeAtomically(ledgerPath(reportsDir), `${JSON.stringify(ledger, null, 2)}\n`)
  return entry
}

/** Pure: the ledger entry after `use`. */
export function mergeUse(existing: LedgerEntry | undefined, use: AccountUse, now: Date): LedgerEntry {
  const union = (a: string[] = [], b: string[]) => [...new Set([...a, ...b])].sort()
  return {
    accountId: use.accountId,
    accountName: use.accountName ?? existing?.accountName,
    email: use.email ?? existing?.email,
    createdAt: existing?.createdAt ?? use.createdAt.toISOString(),
    updatedAt: now.toISOString(),
    runIds: [...new Set([...(existing?.runIds ?? []), use.runId])],
    regionsUsed: union(existing?.regionsUsed, use.regionsUsed),
    operationsUsed: union(
      union(existing?.operationsUsed, use.operationsUsed),
      (use.foundUsed ?? []).map((found) => found.key),
    ),
    ...firstOf('uses', existing?.uses, use.uses),
    ...firstOf('foundUsed', existing?.foundUsed, use.foundUsed),
    status: use.status,
    closeError: use.status === 'close-failed' ? use.closeError : undefined,
  }
}

/** Keeps the earliest record per key; omits the field when neither side has one (older ledgers stay as they were). */
function firstOf<K extends 'uses' | 'foundUsed', T extends { key: string }>(
  field: K,
  existing: T[] | undefined,
  added: T[] | undefined,
): Partial<Record<K, T[]>> {
  if (!existing && !added) return {}
  const byKey = new Map<string, T>()
  for (const item of [...(existing ?? []), ...(added ?? [])]) if (!byKey.has(item.key)) byKey.set(item.key, item)
  return { [field]: [...byKey.values()] } as Partial<Record<K, T[]>>
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, content, 'utf8')
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

function corrupt(file: string, detail: string, cause: unknown): HarnessError {
  return new HarnessError(
    'STORED_RUN_INVALID',
    `the account ledger ${file} is corrupt: ${detail}. Fix it or move it aside (harness recreates it).`,
    { cause },
  )
}
