/** Two writers' state files: the ledger keeps the first use of each key from both, the freshness schedule the later time. */
import { describe, expect, it } from 'vitest'
import { mergeStateFile } from './state-merge.js'

const entry = (updatedAt: string, uses: Array<{ key: string; runId: string; at: string }>) => ({
  accountId: '222222222222',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
  runIds: [uses[0]!.runId],
  regionsUsed: ['us-east-1'],
  operationsUsed: uses.map((use) => use.key),
  status: 'kept',
  uses,
})

describe('mergeStateFile (plan state)', () => {
  it('keeps both writers’ first uses in the ledger', () => {
    const a = { key: 'logs:CreateLogGroup@us-east-1', runId: 'a', at: '2026-01-02T00:00:00.000Z' }
    const b = { key: 'ecr:CreateRepository@us-east-1', runId: 'b', at: '2026-01-03T00:00:00.000Z' }
    const theirs = JSON.stringify({ schemaVersion: 1, accounts: [entry('2026-01-02T00:00:00.000Z', [a])] })
    const ours = JSON.stringify({ schemaVersion: 1, accounts: [entry('2026-01-03T00:00:00.000Z', [b])] })
    const merged = JSON.parse(mergeStateFile('accounts.json', theirs, ours))
    expect(merged.accounts[0].uses).toEqual([a, b])
    expect(merged.accounts[0].operationsUsed.sort()).toEqual([b.key, a.key])
  })

  it('keeps the later last-fresh time of each pair in the freshness schedule', () => {
    const theirs = JSON.stringify({
      schemaVersion: 1,
      lastFresh: { 'x@us-east-1': '2026-01-05T00:00:00.000Z', 'y@us-east-1': '2026-01-01T00:00:00.000Z' },
    })
    const ours = JSON.stringify({
      schemaVersion: 1,
      lastFresh: { 'x@us-east-1': '2026-01-04T00:00:00.000Z', 'z@us-east-1': '2026-01-03T00:00:00.000Z' },
    })
    expect(JSON.parse(mergeStateFile('freshness.json', theirs, ours)).lastFresh).toEqual({
      'x@us-east-1': '2026-01-05T00:00:00.000Z',
      'y@us-east-1': '2026-01-01T00:00:00.000Z',
      'z@us-east-1': '2026-01-03T00:00:00.000Z',
    })
  })
})
