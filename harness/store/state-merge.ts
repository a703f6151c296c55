/**
 * Merging `state/` files (the account ledger, the journal) when two writers both changed them, e.g.
 * two shards pushing the same night. Pure. Ledgers merge per account, journals (JSON lines) by line;
 * anything else keeps `ours` (the writer that is pushing), because a file harness does not know cannot
 * be merged safely.
 */

interface LedgerLike {
  schemaVersion: unknown
  accounts: Array<Record<string, unknown> & { accountId: string; updatedAt?: string }>
}

const isLedger = (value: unknown): value is LedgerLike =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as LedgerLike).accounts) &&
  (value as LedgerLike).accounts.every((entry) => typeof entry?.accountId === 'string')

const union = (a: unknown, b: unknown): unknown =>
  Array.isArray(a) && Array.isArray(b) ? [...new Set([...a, ...b])] : (b ?? a)

function mergeLedgers(base: LedgerLike, ours: LedgerLike): LedgerLike {
  const byId = new Map(base.accounts.map((entry) => [entry.accountId, entry]))
  for (const entry of ours.accounts) {
    const known = byId.get(entry.accountId)
    if (!known) {
      byId.set(entry.accountId, entry)
      continue
    }
    const newer = Date.parse(entry.updatedAt ?? '') >= Date.parse(known.updatedAt ?? '') ? entry : known
    const older = newer === entry ? known : entry
    byId.set(entry.accountId, {
      ...newer,
      runIds: union(older.runIds, newer.runIds),
      regionsUsed: union(older.regionsUsed, newer.regionsUsed),
      operationsUsed: union(older.operationsUsed, newer.operationsUsed),
      // Optional (plan/): first use per key, and CloudTrail finds; the earliest record of a key wins.
      ...firstPerKey('uses', older.uses, newer.uses),
      ...firstPerKey('foundUsed', older.foundUsed, newer.foundUsed),
    })
  }
  return { ...ours, accounts: [...byId.values()] }
}

function firstPerKey(field: string, older: unknown, newer: unknown): Record<string, unknown> {
  if (!Array.isArray(older) && !Array.isArray(newer)) return {}
  const byKey = new Map<string, unknown>()
  for (const item of [...(Array.isArray(older) ? older : []), ...(Array.isArray(newer) ? newer : [])]) {
    const key = String((item as { key?: unknown })?.key)
    if (!byKey.has(key)) byKey.set(key, item)
  }
  return { [field]: [...byKey.values()] }
}

/** The freshness schedule (plan/schedule-state.ts): per pair, the later of the two last-fresh times. */
interface ScheduleLike {
  schemaVersion: unknown
  lastFresh: Record<string, string>
}

const isSchedule = (value: unknown): value is ScheduleLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ScheduleLike).lastFresh === 'object' &&
  (value as ScheduleLike).lastFresh !== null

function mergeSchedules(base: ScheduleLike, ours: ScheduleLike): ScheduleLike {
  const lastFresh = { ...base.lastFresh }
  for (const [pair, at] of Object.entries(ours.lastFresh))
    if (!(pair in lastFresh) || Date.parse(at) > Date.parse(lastFresh[pair]!)) lastFresh[pair] = at
  return { ...ours, lastFresh }
}

function mergeLines(base: string, ours: string): string {
  const seen = new Set(base.split('\n').filter(Boolean))
  const added = ours.split('\n').filter((line) => line && !seen.has(line))
  const lines = [...base.split('\n').filter(Boolean), ...added]
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** `theirs` is what the store has, `ours` what this writer has; returns the content to keep. */
export function mergeStateFile(name: string, theirs: string | undefined, ours: string): string {
  if (theirs === undefined || theirs === ours) return ours
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return mergeLines(theirs, ours)
  if (name.endsWith('.json')) {
    try {
      const [a, b] = [JSON.parse(theirs), JSON.parse(ours)]
      if (isLedger(a) && isLedger(b)) return `${JSON.stringify(mergeLedgers(a, b), null, 2)}\n`
      if (isSchedule(a) && isSchedule(b)) return `${JSON.stringify(mergeSchedules(a, b), null, 2)}\n`
    } catch {
      // Not JSON on one side: keep ours, below.
    }
  }
  return ours
}
