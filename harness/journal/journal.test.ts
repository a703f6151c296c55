/**
 * Crash-safe state under one reports directory: the journal survives a torn last line and says what
 * is left to clean up; the ledger loses nothing when two processes write it at once; a lock left by
 * a dead process is taken over.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readAccountLedger } from '../accounts/ledger.js'
import { accountsInUse } from './in-use.js'
import { pruneSettledJournals, RunJournal, readJournals, SETTLED_JOURNAL_KEEP_MS } from './journal.js'
import { isAlive, tryFileLock, withFileLock } from './lock.js'
import { isDone, pendingWork } from './pending.js'

let reportsDir: string
beforeEach(async () => {
  reportsDir = await mkdtemp(join(tmpdir(), 'harness-journal-'))
})
afterEach(async () => {
  await rm(reportsDir, { recursive: true, force: true })
})

const WRITER = fileURLToPath(new URL('./concurrent-ledger-writer.mjs', import.meta.url))

function writer(prefix: string, count: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, reportsDir, prefix, String(count)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', resolve)
  })
}

describe('run journal', () => {
  it('Given a run killed mid-write, then the torn line is ignored and the pending work is what was never undone', async () => {
    const journal = await RunJournal.create(reportsDir, 'run-1')
    await journal.append({
      type: 'run-started',
      runId: 'run-1',
      pid: 1,
      target: 'local',
      afterRun: 'close',
      regions: ['us-east-1'],
    })
    await journal.append({ type: 'account-requested', accountName: 'harness-1', email: 'a@example.com' })
    await journal.append({ type: 'account-request-id', requestId: 'car-12345678' })
    await journal.append({ type: 'account-created', accountId: '123456789012' })
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:lg'
    await journal.append({ type: 'resource', accountId: '123456789012', region: 'us-east-1', scenario: 's', arn })
    await journal.append({
      type: 'resource',
      accountId: '123456789012',
      region: 'us-east-1',
      scenario: 's',
      arn: `${arn}2`,
    })
    await journal.append({ type: 'resource-deleted', arn })
    await appendFile(journal.file, '{"type":"account-clo')
    const [stored] = await readJournals(reportsDir)
    const work = pendingWork(stored!)
    expect(work).toMatchObject({
      runId: 'run-1',
      accountId: '123456789012',
      accountFinished: false,
      accountRequest: undefined,
    })
    expect(work.resources.map((r) => r.arn)).toEqual([`${arn}2`])
    expect(isDone(work)).toBe(false)
  })

  it('Given only a CreateAccount request, then the pending work names it so a sweep can look it up', async () => {
    const journal = await RunJournal.create(reportsDir, 'run-2')
    await journal.append({ type: 'account-requested', accountName: 'harness-2', email: 'b@example.com' })
    const work = pendingWork((await readJournals(reportsDir))[0]!)
    expect(work.accountRequest).toEqual({ accountName: 'harness-2', email: 'b@example.com' })
    expect(isDone(work)).toBe(false)
  })
})

describe('accounts in use', () => {
  async function runOf(runId: string, pid: number, accountId: string, settled = false) {
    const journal = await RunJournal.create(reportsDir, `${runId}--${accountId}`)
    await journal.append({ type: 'run-started', runId, pid, target: 'local', afterRun: 'keep', regions: ['us-east-1'] })
    await journal.append({ type: 'account-created', accountId })
    if (settled) await journal.append({ type: 'run-settled' })
  }

  it('Given journals of a live run, a dead one, a settled one and our own, then only the live run holds its account', async () => {
    await runOf('live', process.ppid, '111111111111')
    await runOf('dead', 2 ** 22 + 12345, '222222222222')
    await runOf('settled', process.ppid, '333333333333', true)
    await runOf('ours', process.ppid, '444444444444')
    expect([...(await accountsInUse(reportsDir, 'ours'))]).toEqual(['111111111111'])
  })
})

describe('ledger under concurrent processes', () => {
  it('Given two processes recording 15 accounts each at once, then all 30 are in the ledger', async () => {
    const codes = await Promise.all([writer('1', 15), writer('2', 15)])
    expect(codes).toEqual([0, 0])
    const ledger = await readAccountLedger(reportsDir)
    expect(ledger.accounts).toHaveLength(30)
  })

  it('Given a lock left by a process that no longer exists, then the next writer takes it over', async () => {
    const lock = join(reportsDir, 'dead.lock')
    await writeFile(lock, JSON.stringify({ pid: 2 ** 22 + 12345, at: new Date().toISOString() }))
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 2_000 })).toBe('ran')
  })

  it('A lock appears with its owner already in it, and leaves no draft file behind (a kill mid-write left it empty)', async () => {
    const lock = join(reportsDir, 'claim.lock')
    const release = await tryFileLock(lock, 60_000)
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid })
    // Held by this live process: a second claim is refused, and neither attempt leaves a draft.
    expect(await tryFileLock(lock, 60_000)).toBeUndefined()
    expect((await readdir(reportsDir)).filter((name) => name.startsWith('claim.lock'))).toEqual(['claim.lock'])
    await release?.()
  })

  it('Given a lock held by a live process, then a writer gives up with REPORTS_LOCKED naming the file', async () => {
    const lock = join(reportsDir, 'held.lock')
    await writeFile(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }))
    await expect(withFileLock(lock, async () => 'ran', { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'REPORTS_LOCKED',
      message: expect.stringContaining(lock),
    })
  })
})

describe('pruneSettledJournals', () => {
  it('removes journals of runs settled over 30 days ago, keeps newer ones and every unsettled one', async () => {
    const now = new Date('2026-12-06T00:00:00Z')
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()
    const write = async (runId: string, settledAgo: number | undefined, startedAgo = SETTLED_JOURNAL_KEEP_MS * 2) => {
      const journal = await RunJournal.create(reportsDir, runId)
      const lines = [
        { type: 'run-started', runId, pid: 1, target: 'aws', afterRun: 'close', regions: [], at: ago(startedAgo) },
      ]
      if (settledAgo !== undefined) lines.push({ type: 'run-settled', at: ago(settledAgo) } as never)
      await writeFile(journal.file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''))
    }
    await write('old-settled', SETTLED_JOURNAL_KEEP_MS + 60_000)
    await write('recent-settled', SETTLED_JOURNAL_KEEP_MS - 60_000)
    await write('old-unsettled', undefined)
    expect(await pruneSettledJournals(reportsDir, now)).toEqual(['old-settled'])
    expect((await readJournals(reportsDir)).map((journal) => journal.runId)).toEqual([
      'old-unsettled',
      'recent-settled',
    ])
  })
})

describe('isAlive', () => {
  it.skipIf(process.platform !== 'linux')(
    'Given a killed process nobody has reaped (a zombie), then it is not alive: its run will never finish',
    async () => {
      // `sleep 0.3 &` exits after its parent has become `sleep 5` (exec), which never waits for it: a zombie.
      // (A child that exited before the exec could be reaped by the shell, and its /proc entry be gone.)
      const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] })
      const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d) => resolve(Number(d))))
      try {
        const state = () => readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.[0]
        await expect.poll(state, { timeout: 4000 }).toBe('Z')
        expect(isAlive(zombie)).toBe(false)
        expect(isAlive(parent.pid!)).toBe(true)
      } finally {
        parent.kill('SIGKILL')
      }
    },
  )
})
