/** findSeasonedAccount: which kept account can stand for an existing customer of a regressed step. */
import { describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../accounts/ledger.js'
import { findSeasonedAccount, selfSeasoned, stepFreshnessKeys } from './seasoned-account.js'

const KEY = 'logs:CreateLogGroup+tags@ca-central-1'
const entry = (accountId: string, status: LedgerEntry['status'], uses: Array<[string, string]>): LedgerEntry => ({
  accountId,
  createdAt: '2022-10-01T00:00:00.000Z',
  updatedAt: '2022-10-01T00:00:00.000Z',
  runIds: uses.map(([runId]) => runId),
  regionsUsed: ['ca-central-1'],
  operationsUsed: uses.map(() => KEY),
  status,
  uses: uses.map(([runId, at]) => ({ key: KEY, runId, at })),
})
const BASELINE = '2022-10-02T00-00-00Z-bbbbbb'
const ledger = [
  entry('111111111111', 'closed', [['2022-10-01T00-00-00Z-aaaaaa', '2022-10-01T00:00:01.000Z']]),
  entry('222222222222', 'kept', [['2022-10-03T00-00-00Z-cccccc', '2022-10-03T00:00:01.000Z']]),
  entry('333333333333', 'kept', [[BASELINE, '2022-10-02T00:00:01.000Z']]),
  entry('444444444444', 'kept', [['2022-09-01T00-00-00Z-dddddd', '2022-09-01T00:00:01.000Z']]),
]
const open = new Set(['111111111111', '222222222222', '333333333333'])

describe('findSeasonedAccount', () => {
  it.each([
    ['a kept, open account that used the key by the baseline run', { runId: BASELINE }, '333333333333'],
    [
      'none when the only ones used it later, are closed or are gone',
      { runId: '2022-10-01T12-00-00Z-eeeeee' },
      undefined,
    ],
    [
      'before a time (a still-denied step: before it was first denied)',
      { time: '2022-10-04T00:00:00Z' },
      '333333333333',
    ],
  ] as const)('%s', (_name, before, expected) => {
    const found = findSeasonedAccount(ledger, { keys: [KEY], before, exclude: '999999999999', open })
    expect(found?.entry.accountId).toBe(expected)
  })

  it('never the run’s own account, and none for a step that recorded no call', () => {
    const query = { before: { runId: BASELINE }, exclude: '333333333333', open }
    expect(findSeasonedAccount(ledger, { ...query, keys: [KEY] })).toBeUndefined()
    expect(findSeasonedAccount(ledger, { ...query, exclude: '', keys: [] })).toBeUndefined()
  })

  it('keys a step by operation, tags and region', () => {
    const calls = [
      { action: 'logs:CreateLogGroup', withTags: true },
      { action: 'logs:PutRetentionPolicy', withTags: false },
    ]
    expect(stepFreshnessKeys({ region: 'ca-central-1', calls })).toEqual([KEY, 'logs:PutRetentionPolicy@ca-central-1'])
  })
})

describe('selfSeasoned', () => {
  it('a seasoned step’s own account answers when it used the key by the baseline run, never another account', () => {
    const query = { keys: [KEY], before: { runId: BASELINE } }
    expect(selfSeasoned(ledger, '333333333333', query)?.sinceRunId).toBe(BASELINE)
    // 222… used it only after the baseline (a use that cannot predate the change); 999… is not in the ledger.
    expect(selfSeasoned(ledger, '222222222222', query)).toBeUndefined()
    expect(selfSeasoned(ledger, '999999999999', query)).toBeUndefined()
  })
})
