/** `harness plan`: text and --json from the ledger and the shipped scenarios, without acting; bad flags exit 2. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunPlan } from '../plan/types.js'
import { captureIo } from './capture-io.js'
import { main } from './main.js'

let reportsDir: string
beforeEach(async () => {
  reportsDir = await mkdtemp(path.join(tmpdir(), 'harness-plan-'))
})
afterEach(() => rm(reportsDir, { recursive: true, force: true }))

const entry = (accountId: string, createdAt: string, operationsUsed: string[]) => ({
  accountId,
  createdAt,
  updatedAt: createdAt,
  runIds: ['r'],
  regionsUsed: ['us-east-1'],
  operationsUsed,
  status: 'kept',
})

async function writeLedger(accounts: unknown[]) {
  await mkdir(path.join(reportsDir, 'state'), { recursive: true })
  await writeFile(path.join(reportsDir, 'state', 'accounts.json'), JSON.stringify({ schemaVersion: 1, accounts }))
}

const plan = (...extra: string[]) => ['plan', '--reports-dir', reportsDir, '--region', 'us-east-1', ...extra]

describe('harness plan', () => {
  it('with fresh every night, runs every shipped scenario fresh in the pooled account still fresh for it', async () => {
    const allUsed = [
      'logs:CreateLogGroup',
      'logs:CreateLogGroup+tags',
      'ecr:CreateRepository',
      'ecr:CreateRepository+tags',
    ]
    await writeLedger([
      entry(
        '111111111111',
        '2026-01-01T00:00:00.000Z',
        allUsed.map((op) => `${op}@us-east-1`),
      ),
      entry('222222222222', '2026-02-01T00:00:00.000Z', []),
    ])
    const io = captureIo()
    expect(await main([...plan('--json', '--fresh-every', '1')], io)).toBe(0)
    const result = JSON.parse(io.out()) as RunPlan
    expect(result.vend).toEqual([])
    expect(result.reuse).toEqual(['222222222222'])
    expect(result.assignments).toHaveLength(3)
    expect(
      result.assignments.every((a) => a.fresh && a.account.kind === 'pooled' && a.account.accountId === '222222222222'),
    ).toBe(true)
    // 1 is not kept on the default quota: the plan says what it keeps with slack for lost nights, and plans for that.
    expect(result.budget).toMatchObject({
      wanted: 1,
      achievable: 15,
      withSlack: 20,
      promised: 20,
      cadence: 18,
      ok: false,
    })
  })

  it('on a replay date (the config’s emulator.date), plans from the replays’ schedule on that date', async () => {
    const pairs = ['logs/create-tagged-log-group', 'ecr/create-tagged-repository', 'ec2/run-tagged-instance']
    const lastFresh = Object.fromEntries(pairs.map((s) => [`${s}@us-east-1`, '2022-09-30T00:00:00.000Z']))
    await mkdir(path.join(reportsDir, 'state'), { recursive: true })
    await writeFile(
      path.join(reportsDir, 'state', 'replay-freshness.json'),
      JSON.stringify({ schemaVersion: 1, lastFresh }),
    )
    const config = path.join(reportsDir, 'harness.config.mjs')
    const shipped = path.join(process.cwd(), 'scenarios', '*.ts')
    await writeFile(
      config,
      `export default { scenarios: ${JSON.stringify(shipped)}, emulator: { date: '2022-10-01' } }\n`,
    )
    const replay = captureIo()
    expect(await main([...plan('--config', config)], replay), replay.err()).toBe(0)
    expect(replay.out()).toContain('  us-east-1: 2022-09-30')
    // --emulator-date plans the same replay without a config that says it.
    const flagged = captureIo()
    expect(await main([...plan('--emulator-date', '2022-10-01')], flagged), flagged.err()).toBe(0)
    expect(flagged.out()).toContain('  us-east-1: 2022-09-30')
    // Today's clock has its own schedule: nothing tested fresh yet.
    const today = captureIo()
    expect(await main(plan(), today)).toBe(0)
    expect(today.out()).toContain('  us-east-1: never (at least one scenario)')
  })

  it.each([
    [
      ['--emulator-date', 'yesterday'],
      '--emulator-date must be an ISO date like 2022-10-01, from 2000-01-01 to 2999-12-31, got "yesterday".',
    ],
    [
      ['--emulator-date', '2022-10-01', '--target', 'aws'],
      '--emulator-date only applies to the embedded emulator, not to --target aws.',
    ],
  ])('refuses %j with exit 2', async (extra, message) => {
    const io = captureIo()
    expect(await main([...plan(...extra)], io)).toBe(2)
    expect(io.err()).toContain(message)
  })

  it.each([
    [['--target', 'gcp'], '--target does not apply to harness plan --shards (it takes --region, --config and --json).'],
    [['--fresh-every', '0', '--scenario', 'x'], '--fresh-every, --scenario do not apply to harness plan --shards'],
  ])('with --shards, refuses the pool plan’s %j with exit 2 (QA: they were ignored)', async (extra, message) => {
    const io = captureIo()
    expect(await main(['plan', '--shards', '2', ...extra], io)).toBe(2)
    expect(io.err()).toContain(message)
  })

  it('says it reads only the reports directory when a history store is configured', async () => {
    const io = captureIo({ env: { HARNESS_HISTORY: 'git:/nowhere/store.git#harness-results' } })
    expect(await main(plan(), io)).toBe(0)
    expect(io.err()).toContain(
      `plan reads ${reportsDir} only, not the history store git:/nowhere/store.git#harness-results: if it has not been pulled since the last nightly, run \`harness history pull\` first`,
    )
  })

  it('prints text that names what it would vend and whether the budget holds', async () => {
    const io = captureIo()
    expect(await main(plan('--fresh-every', '30'), io)).toBe(0)
    expect(io.out()).toContain('Freshness budget:')
    expect(io.out()).toContain('30 is achievable')
    expect(io.out()).toMatch(/Vend: {3}new-1, new-2/)
    expect(io.out()).toContain('  us-east-1: never (at least one scenario)')
  })

  it.each([
    [['--fresh-every', '0'], /--fresh-every must be a whole number/],
    [['--region', 'mars-1'], /unknown region/],
  ])('%j is a usage error (exit 2)', async (extra, message) => {
    const io = captureIo()
    expect(await main(plan(...extra), io)).toBe(2)
    expect(io.err()).toMatch(message)
  })

  it('a corrupt ledger is named, exit 2', async () => {
    await writeLedger([{ accountId: 'nope' }])
    const io = captureIo()
    expect(await main(plan(), io)).toBe(2)
    expect(io.err()).toContain('accounts.json')
  })
})
