/**
 * The git history store against a real bare repository: an orphan results branch, append-only run
 * files plus an index, concurrent pushes that both land, and a fresh clone that sees every run.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type HistoryLocation, parseHistoryLocation } from '../config/history-location.js'
import { loadHistoryIndex } from '../history/index-file.js'
import { allowed, deniedBy, makeRun } from '../history/run-fixtures.js'
import { pullHistory, pushHistory, readStoreIndex, type StoreContext } from './store.js'
import { createBareRemote, remoteFile, remoteFiles, reportsWith, type TempRepos } from './test-repos.js'

const LOGS = 'logs/create-tagged-log-group'
const night1 = makeRun('2026-11-01T03-17-00Z-aaaaaa', '2026-11-01T03:17:00.000Z', [
  [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
])
const night2 = makeRun('2026-11-02T03-17-00Z-bbbbbb', '2026-11-02T03:17:00.000Z', [
  [LOGS, 'CreateLogGroup', 'us-east-1', deniedBy('logs:TagResource')],
])
const night2other = makeRun('2026-11-02T03-18-00Z-cccccc', '2026-11-02T03:18:00.000Z', [
  [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
])

let repos: TempRepos
let location: HistoryLocation
const context = (name: string): StoreContext => ({ location, reportsDir: join(repos.root, name), cwd: repos.root })

beforeEach(async () => {
  repos = await createBareRemote()
  const parsed = parseHistoryLocation(`git:${repos.bare}#harness-results`, repos.root)
  if (!('kind' in parsed)) throw new Error(parsed.problem)
  location = parsed
})
afterEach(() => repos.remove())

describe('git history store', () => {
  it('Given an empty remote, When a run is pushed, Then an orphan branch holds one compact file per run and the indexes', async () => {
    const laptop = context('a')
    await reportsWith(laptop.reportsDir, night1)
    const pushed = await pushHistory(laptop)
    expect(pushed.changed).toEqual(['runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json'])
    expect(remoteFiles(repos.bare, 'harness-results')).toEqual([
      'history-index.json',
      'index.json',
      'runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json',
    ])
    // Orphan: the branch's history starts with our commit (no parent).
    const parents = execFileSync('git', ['log', '--format=%P', 'harness-results'], {
      cwd: repos.bare,
      encoding: 'utf8',
    })
    expect(parents.trim()).toBe('')
    const stored = remoteFile(repos.bare, 'harness-results', 'runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json')
    expect(stored.trim().split('\n')).toHaveLength(1)
    const index = JSON.parse(remoteFile(repos.bare, 'harness-results', 'index.json'))
    expect(index.steps['local emulator fresh'][`${LOGS} / CreateLogGroup @ us-east-1`]).toMatchObject({
      runId: night1.runId,
      kind: 'allowed',
    })
  })

  it('Given a broken run file in the reports dir, Then it is left out and named, and the good run lands', async () => {
    const laptop = context('broken')
    await reportsWith(laptop.reportsDir, night1)
    await writeFile(join(laptop.reportsDir, 'runs', 'broken.json'), '{')
    const pushed = await pushHistory(laptop)
    expect(pushed.changed).toEqual(['runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json'])
    expect(pushed.skipped).toEqual([expect.stringMatching(/broken\.json is not usable: not JSON/)])
  })

  it('Given a second push of the same runs, Then nothing is committed (append-only, idempotent)', async () => {
    const laptop = context('a')
    await reportsWith(laptop.reportsDir, night1)
    await pushHistory(laptop)
    const again = await pushHistory(laptop)
    expect(again.changed).toEqual([])
    const commits = execFileSync('git', ['rev-list', '--count', 'harness-results'], {
      cwd: repos.bare,
      encoding: 'utf8',
    })
    expect(commits.trim()).toBe('1')
  })

  it('Given two writers pushing at the same moment, Then both runs land and the index holds both', async () => {
    const seed = context('seed')
    await reportsWith(seed.reportsDir, night1)
    await pushHistory(seed)
    const [one, two] = [context('shard-1'), context('shard-2')]
    await reportsWith(one.reportsDir, night2)
    await reportsWith(two.reportsDir, night2other)
    const results = await Promise.all([pushHistory(one), pushHistory(two)])
    expect(results.map((r) => r.changed.length)).toEqual([1, 1])
    const files = remoteFiles(repos.bare, 'harness-results').filter((f) => f.startsWith('runs/'))
    expect(files).toHaveLength(3)
    const index = JSON.parse(remoteFile(repos.bare, 'harness-results', 'index.json'))
    expect(index.runs.map((r: { runId: string }) => r.runId)).toEqual([night1.runId, night2.runId, night2other.runId])
    const steps = index.steps['local emulator fresh']
    expect(steps[`${LOGS} / CreateLogGroup @ us-east-1`]).toMatchObject({
      kind: 'denied',
      action: 'logs:TagResource',
      lastAllowedRunId: night1.runId,
    })
    expect(steps[`${LOGS} / CreateLogGroup @ ap-east-1`]).toMatchObject({ kind: 'allowed' })
    // The history index on the branch holds both writers' runs too (the loser folded onto the winner's).
    const history = remoteFile(repos.bare, 'harness-results', 'history-index.json')
    const historyRuns = JSON.parse(history.slice(history.indexOf('\n') + 1)).runs.map((r: { runId: string }) => r.runId)
    expect(historyRuns.sort()).toEqual([night1.runId, night2.runId, night2other.runId].sort())
  })

  it('Given an evicted reports dir, When it pulls, Then every run and the ledger come back', async () => {
    const nightly = context('nightly')
    await reportsWith(nightly.reportsDir, night1, night2)
    const ledger = { schemaVersion: 1, accounts: [] }
    await mkdir(join(nightly.reportsDir, 'state'), { recursive: true })
    await writeFile(join(nightly.reportsDir, 'state/accounts.json'), JSON.stringify(ledger))
    await pushHistory(nightly)
    const fresh = context('fresh-clone')
    const pulled = await pullHistory(fresh)
    expect(pulled.copied).toBe(2)
    expect((await readdir(join(fresh.reportsDir, 'runs'))).sort()).toEqual([
      `${night1.runId}.json`,
      `${night2.runId}.json`,
    ])
    expect(JSON.parse(await readFile(join(fresh.reportsDir, 'state/accounts.json'), 'utf8'))).toEqual(ledger)
    expect(pulled.index.runs).toHaveLength(2)
    // The branch's history index came along: the first command folds nothing and reads no record.
    expect((await loadHistoryIndex(fresh.reportsDir)).status).toBe('current')
  })

  it('Given many pushes, When a fresh runner pulls, Then it fetches only the tip commit, not the branch history', async () => {
    for (const [i, run] of [night1, night2, night2other].entries()) {
      const writer = context(`w${i}`)
      await reportsWith(writer.reportsDir, run)
      await pushHistory(writer)
    }
    const fresh = context('fresh')
    const pulled = await pullHistory(fresh)
    expect(pulled.copied).toBe(3)
    const { storeDirOf } = await import('./store.js')
    const depth = execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: storeDirOf(fresh), encoding: 'utf8' })
    expect(depth.trim()).toBe('1')
    const onRemote = execFileSync('git', ['rev-list', '--count', 'harness-results'], {
      cwd: repos.bare,
      encoding: 'utf8',
    })
    expect(onRemote.trim()).toBe('3')
  })

  it('Given a journal settled over 30 days ago, When a run pushes, Then the store drops it and a pull does not bring it back', async () => {
    const nightly = context('nightly')
    await reportsWith(nightly.reportsDir, night1)
    const journals = join(nightly.reportsDir, 'state/journal')
    await mkdir(journals, { recursive: true })
    const settledAt = (days: number) => new Date(Date.now() - days * 24 * 60 * 60_000).toISOString()
    await writeFile(join(journals, 'old.jsonl'), `${JSON.stringify({ type: 'run-settled', at: settledAt(40) })}\n`)
    await writeFile(join(journals, 'recent.jsonl'), `${JSON.stringify({ type: 'run-settled', at: settledAt(1) })}\n`)
    await pushHistory(nightly)
    expect(
      remoteFiles(repos.bare, 'harness-results')
        .filter((file) => file.startsWith('state/journal/'))
        .sort(),
    ).toEqual(['state/journal/recent.jsonl'])
    const fresh = context('fresh-clone')
    await pullHistory(fresh)
    expect(await readdir(join(fresh.reportsDir, 'state/journal'))).toEqual(['recent.jsonl'])
  })

  it('Given two writers changing the ledger, Then the stored ledger has both accounts', async () => {
    const entry = (accountId: string, runId: string) => ({
      accountId,
      createdAt: '2026-11-02T03:17:00.000Z',
      updatedAt: '2026-11-02T03:20:00.000Z',
      runIds: [runId],
      regionsUsed: ['us-east-1'],
      operationsUsed: [],
      status: 'closed',
    })
    const [one, two] = [context('l1'), context('l2')]
    await reportsWith(one.reportsDir, night2)
    await reportsWith(two.reportsDir, night2other)
    for (const [ctx, id, run] of [
      [one, '100000000001', night2],
      [two, '100000000002', night2other],
    ] as const) {
      await mkdir(join(ctx.reportsDir, 'state'), { recursive: true })
      await writeFile(
        join(ctx.reportsDir, 'state/accounts.json'),
        JSON.stringify({ schemaVersion: 1, accounts: [entry(id, run.runId)] }),
      )
    }
    await Promise.all([pushHistory(one), pushHistory(two)])
    const stored = JSON.parse(remoteFile(repos.bare, 'harness-results', 'state/accounts.json'))
    expect(stored.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([
      '100000000001',
      '100000000002',
    ])
  })

  it('Given a new store whose first push is refused by a hook, Then the refusal is reported at once, and a later push lands', async () => {
    const hook = join(repos.bare, 'hooks', 'pre-receive')
    await writeFile(hook, '#!/bin/sh\necho "protected: ask an admin" >&2\nexit 1\n', { mode: 0o755 })
    const laptop = context('hooked')
    await reportsWith(laptop.reportsDir, night1)
    const refused = await pushHistory(laptop).catch((e: Error) => e)
    expect(refused).toMatchObject({ code: 'HISTORY_STORE_FAILED' })
    // Not a race with another writer: no retries, and git's own reason.
    expect((refused as Error).message).toMatch(/^cannot push to the history branch: .*protected: ask an admin/s)
    await rm(hook)
    // The commit the refused push left in the local checkout must not hide this run from the next push.
    const pushed = await pushHistory(laptop)
    expect(pushed.changed).toEqual(['runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json'])
    expect(remoteFiles(repos.bare, 'harness-results')).toContain('runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json')
  })

  it('Given a remote that does not exist, Then the error names the store and never a token in the URL', async () => {
    const parsed = parseHistoryLocation('git:https://user:s3cr3t-token@127.0.0.1:1/x.git#results', repos.root)
    if (!('kind' in parsed)) throw new Error(parsed.problem)
    const broken: StoreContext = { location: parsed, reportsDir: join(repos.root, 'b'), cwd: repos.root }
    const error = await pullHistory(broken).catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'HISTORY_STORE_FAILED' })
    expect((error as Error).message).toMatch(/cannot fetch the history branch results/)
    expect((error as Error).message).not.toContain('s3cr3t-token')
    const { checkoutDirFor } = await import('./git-store.js')
    expect(checkoutDirFor(broken.reportsDir, parsed as Extract<HistoryLocation, { kind: 'git' }>)).not.toContain(
      's3cr3t',
    )
  })

  it('Given a store index, Then readStoreIndex fetches and reads it without copying runs', async () => {
    const nightly = context('n')
    await reportsWith(nightly.reportsDir, night1)
    await pushHistory(nightly)
    const gate = context('gate')
    const index = await readStoreIndex(gate)
    expect(index.runs.map((r) => r.runId)).toEqual([night1.runId])
    expect(existsSync(join(gate.reportsDir, 'runs'))).toBe(false)
  })
})

describe('parseHistoryLocation', () => {
  it.each([
    ['git:origin#harness-results', { kind: 'git', remote: 'origin', branch: 'harness-results' }],
    [
      'git:git@github.com:org/repo.git#results',
      { kind: 'git', remote: 'git@github.com:org/repo.git', branch: 'results' },
    ],
    ['history', { kind: 'dir', dir: '/base/history' }],
  ])('%s', (spec, expected) => {
    expect(parseHistoryLocation(spec, '/base')).toMatchObject(expected)
  })
  it.each([
    ['git:origin', /must be git:<remote>#<branch>/],
    ['git:origin#', /must be git:<remote>#<branch>/],
    ['git:origin#bad..name', /not a valid git branch name/],
    ['', /is empty/],
  ])('refuses %j', (spec, problem) => {
    expect((parseHistoryLocation(spec, '/base') as { problem: string }).problem).toMatch(problem)
  })
})
