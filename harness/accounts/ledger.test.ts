import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { freshnessKey, ledgerPath, readAccountLedger, recordAccountUse } from './ledger.js'

let reportsDir: string
beforeEach(async () => {
  reportsDir = await mkdtemp(join(tmpdir(), 'harness-ledger-'))
})
afterEach(async () => {
  await rm(reportsDir, { recursive: true, force: true })
})

const use = {
  accountId: '222222222222',
  createdAt: new Date('2022-11-01T00:00:00Z'),
  runId: 'run-1',
  regionsUsed: ['ca-central-1'],
  operationsUsed: [freshnessKey('logs:CreateLogGroup+tags', 'ca-central-1')],
  status: 'kept' as const,
}

describe('account ledger', () => {
  it('starts empty when there is no ledger yet', async () => {
    expect(await readAccountLedger(reportsDir)).toEqual({ schemaVersion: 1, accounts: [] })
  })

  it('records an account, then merges later runs into the same entry', async () => {
    await recordAccountUse(reportsDir, use)
    await recordAccountUse(reportsDir, {
      ...use,
      runId: 'run-2',
      regionsUsed: ['ap-east-1', 'ca-central-1'],
      operationsUsed: ['ecr:CreateRepository+tags@ap-east-1'],
      status: 'closed',
    })
    const ledger = await readAccountLedger(reportsDir)
    expect(ledger.accounts).toHaveLength(1)
    expect(ledger.accounts[0]).toMatchObject({
      accountId: '222222222222',
      createdAt: '2022-11-01T00:00:00.000Z',
      runIds: ['run-1', 'run-2'],
      regionsUsed: ['ap-east-1', 'ca-central-1'],
      operationsUsed: ['ecr:CreateRepository+tags@ap-east-1', 'logs:CreateLogGroup+tags@ca-central-1'],
      status: 'closed',
    })
  })

  it('keeps the first run and time of each use, and merges CloudTrail finds into the used keys', async () => {
    const key = freshnessKey('logs:CreateLogGroup+tags', 'ca-central-1')
    await recordAccountUse(reportsDir, { ...use, uses: [{ key, runId: 'run-1', at: '2022-11-01T02:00:00.000Z' }] })
    const found = { key: 'ecr:CreateRepository@ca-central-1', eventTime: '2022-11-01T03:00:00.000Z', by: 'stackset' }
    const entry = await recordAccountUse(reportsDir, {
      ...use,
      runId: 'run-2',
      uses: [{ key, runId: 'run-2', at: '2022-11-02T02:00:00.000Z' }],
      foundUsed: [found],
    })
    expect(entry.uses).toEqual([{ key, runId: 'run-1', at: '2022-11-01T02:00:00.000Z' }])
    expect(entry.foundUsed).toEqual([found])
    expect(entry.operationsUsed).toEqual(['ecr:CreateRepository@ca-central-1', key])
  })

  it('keeps every concurrent update and leaves no temp files behind', async () => {
    await Promise.all(
      ['333333333333', '444444444444', '555555555555'].map((accountId) =>
        recordAccountUse(reportsDir, { ...use, accountId }),
      ),
    )
    const ledger = await readAccountLedger(reportsDir)
    expect(ledger.accounts.map((a) => a.accountId).sort()).toEqual(['333333333333', '444444444444', '555555555555'])
    expect(await readdir(join(reportsDir, 'state'))).toEqual(['accounts.json'])
  })

  it('writes JSON a person can read', async () => {
    await recordAccountUse(reportsDir, {
      ...use,
      status: 'close-failed',
      closeError: 'CloseAccount failed: ConstraintViolationException: x',
    })
    const text = await readFile(ledgerPath(reportsDir), 'utf8')
    expect(JSON.parse(text).accounts[0]).toMatchObject({
      status: 'close-failed',
      closeError: expect.stringContaining('CloseAccount'),
    })
    expect(text).toContain('\n  "accounts"')
  })

  it.each([
    ['not JSON', '{ nope', /not valid JSON/],
    [
      'a wrong shape',
      JSON.stringify({ schemaVersion: 1, accounts: [{ accountId: 'abc' }] }),
      /accounts\.0\.accountId: must be a 12-digit account id/,
    ],
    ['an unknown schema version', JSON.stringify({ schemaVersion: 9, accounts: [] }), /schemaVersion/],
  ])('refuses a corrupt ledger (%s) with STORED_RUN_INVALID naming the file', async (_label, content, detail) => {
    await mkdir(join(reportsDir, 'state'), { recursive: true })
    await writeFile(ledgerPath(reportsDir), content)
    const error = await readAccountLedger(reportsDir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'STORED_RUN_INVALID' })
    expect((error as Error).message).toContain(ledgerPath(reportsDir))
    expect((error as Error).message).toMatch(detail)
    await expect(recordAccountUse(reportsDir, use)).rejects.toMatchObject({ code: 'STORED_RUN_INVALID' })
    expect(await readFile(ledgerPath(reportsDir), 'utf8')).toBe(content)
  })
})
