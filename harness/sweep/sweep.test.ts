/**
 * harness sweep against the emulator through the real SDK: a dry run lists and changes nothing;
 * --yes deletes leftovers (journaled and tag-found) and closes the account, verified; an account
 * that is recorded but not tagged harness:managed, or the management account, is never touched.
 */

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import { readAccountLedger } from '../accounts/ledger.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from '../accounts/test-support.js'
import { vendAccount } from '../accounts/vend.js'
import { memberAdmin, vendAccount as vendUntagged } from '../emulator/test-accounts.js'
import { whileInProgress } from '../journal/active-runs.js'
import { journalDir, RunJournal } from '../journal/journal.js'
import { sweep } from './sweep.js'

let fixture: ProvisioningFixture | undefined
let reportsDir: string | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true })
  fixture = undefined
})

async function journalFor(runId: string, accountId: string, arns: string[] = [], pid = 2 ** 22 + 1): Promise<void> {
  const journal = await RunJournal.create(reportsDir!, runId)
  await journal.append({
    type: 'run-started',
    runId,
    pid,
    target: 'local',
    afterRun: 'close',
    regions: ['eu-west-1'],
  })
  await journal.append({ type: 'account-created', accountId })
  for (const arn of arns) await journal.append({ type: 'resource', accountId, region: 'eu-west-1', scenario: 's', arn })
}

describe('harness sweep', () => {
  it('Given a killed run, then a dry run lists its leftovers and --yes removes them and closes the account', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    reportsDir = await mkdtemp(join(tmpdir(), 'harness-sweep-'))
    const { emulator, target } = fixture
    const account = await vendAccount(target, TEST_NAMING, { runId: 'killed-1' })
    const logs = new CloudWatchLogsClient(
      emulator.clientConfig('eu-west-1', await memberAdmin(emulator, account.accountId)),
    )
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'journaled' }))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'tagged-only', tags: { 'harness:run-id': 'killed-1' } }))
    const journaled = `arn:aws:logs:eu-west-1:${account.accountId}:log-group:journaled`
    await journalFor('killed-1', account.accountId, [journaled])

    const lines: string[] = []
    const dry = await sweep({ target, reportsDir, yes: false, say: (l) => lines.push(l) })
    expect(dry.found).toBe(1)
    expect(lines.join('\n')).toContain('2 resource(s)')
    expect(lines.join('\n')).toContain('would be closed')
    // The run never created its harness role: no empty "role(s) []" in the listing
    expect(lines.join('\n')).not.toContain('role(s)')
    const org = new OrganizationsClient(emulator.clientConfig())
    expect((await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))).Account?.Status).toBe(
      'ACTIVE',
    )

    const done = await sweep({ target, reportsDir, yes: true, say: () => undefined })
    expect(done.problems).toEqual([])
    // Closing takes 60 ms on this clock: either closed state shows the close went through.
    expect((await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))).Account?.Status).toMatch(
      /^(PENDING_CLOSURE|SUSPENDED)$/,
    )
    const left = await (await fetch(`${emulator.endpoint}/_emulator/resources`)).json()
    expect(
      (left as { resources: Array<{ type: string }> }).resources.filter((r) => r.type === 'logs:log-group'),
    ).toEqual([])
    expect((await sweep({ target, reportsDir, yes: false, say: () => undefined })).found).toBe(0)
    // The ledger has the account closed, dated on the emulator's clock (the quota check counts its slot)
    const ledger = await readAccountLedger(reportsDir)
    expect(ledger.accounts).toEqual([
      expect.objectContaining({ accountId: account.accountId, status: 'closed', runIds: ['killed-1'] }),
    ])
    expect(ledger.accounts[0]?.updatedAt.slice(0, 10)).toBe('2026-06-01')
  })

  it('Given two sweeps at once (two runs pre-sweeping), then each leftover is swept by one of them only', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    reportsDir = await mkdtemp(join(tmpdir(), 'harness-sweep-'))
    const { emulator, target } = fixture
    const account = await vendAccount(target, TEST_NAMING, { runId: 'killed-2' })
    await journalFor('killed-2', account.accountId)
    // Another live harness process (this one's pid) is sweeping killed-2 right now.
    const claim = join(journalDir(reportsDir), 'killed-2.jsonl.sweeping')
    await writeFile(claim, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }))
    const lines: string[] = []
    const skipped = await sweep({ target, reportsDir, yes: true, say: (l) => lines.push(l) })
    expect(lines).toContain('sweep: run killed-2: being swept by another harness process; skipped')
    expect(skipped.problems).toEqual([])
    const org = new OrganizationsClient(emulator.clientConfig())
    expect((await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))).Account?.Status).toBe(
      'ACTIVE',
    )
    // Its owner gone (a dead pid): the claim is taken over and the run swept; no claim file is left.
    await writeFile(claim, JSON.stringify({ pid: 2 ** 22 + 1, at: new Date().toISOString() }))
    expect((await sweep({ target, reportsDir, yes: true, say: () => undefined })).problems).toEqual([])
    expect((await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))).Account?.Status).toMatch(
      /^(PENDING_CLOSURE|SUSPENDED)$/,
    )
    expect((await readdir(journalDir(reportsDir))).filter((name) => name.endsWith('.sweeping'))).toEqual([])
  })

  it('Given another run of this process in progress, then a sweep here leaves it alone, and sweeps it once it ended unfinished', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    reportsDir = await mkdtemp(join(tmpdir(), 'harness-sweep-'))
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'live-1' })
    await journalFor('live-1', account.accountId, [], process.pid)
    const said: string[] = []
    const sweepHere = () =>
      sweep({ target: fixture!.target, reportsDir: reportsDir!, yes: false, say: (line) => said.push(line) })
    // Two runs at once in one process (the tests' in-process CLI runs): the other's pre-sweep must not close this account.
    expect((await whileInProgress('live-1', sweepHere)).found).toBe(0)
    // Said, not passed over in silence: a sweep that skips a run never reads "nothing left behind" alone.
    expect(said).toEqual([
      `sweep: run live-1 is still in progress (process ${process.pid}); left to it`,
      'sweep: nothing else left behind by earlier runs',
    ])
    expect((await sweepHere()).found).toBe(1)
  })

  it('Given journals naming an untagged account and the management account, then sweep --yes touches neither', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    reportsDir = await mkdtemp(join(tmpdir(), 'harness-sweep-'))
    const { emulator, target } = fixture
    const untagged = await vendUntagged(emulator, 'someone-else@example.com')
    await journalFor('foreign', untagged)
    await journalFor('management', '111111111111')
    const result = await sweep({
      target: { ...target, managementIdentity: { accountId: '111111111111', arn: '' } },
      reportsDir,
      yes: true,
      say: () => undefined,
    })
    expect(result.problems).toEqual([
      expect.stringContaining(`account ${untagged} not touched: it is not tagged harness:managed`),
      expect.stringContaining('account 111111111111 not touched: it is the management account'),
    ])
    const org = new OrganizationsClient(emulator.clientConfig())
    expect((await org.send(new DescribeAccountCommand({ AccountId: untagged }))).Account?.Status).toBe('ACTIVE')
  })

  it('Given accounts of runs whose journal never reached this directory (a killed CI runner), then a day later the one meant to be closed is closed, a kept one is named, and younger or foreign ones are left (QA)', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    reportsDir = await mkdtemp(join(tmpdir(), 'harness-sweep-'))
    const { emulator, target } = fixture
    // Run ids as harness makes them: the e-mail's {id} is one, so another template's prefix never matches.
    const lostRun = '2026-06-01T00-00-00-000Z-a1b2c3'
    const keptRun = '2026-06-01T00-00-01-000Z-d4e5f6'
    const lost = await vendAccount(target, TEST_NAMING, { runId: lostRun, afterRun: 'close' })
    const kept = await vendAccount(target, TEST_NAMING, { runId: keptRun, afterRun: 'keep' })
    const foreign = await vendUntagged(emulator, 'someone-else@example.com')
    // Another team's harness in the organization: its own e-mail template, the same tags.
    const otherTeam = await vendAccount(
      target,
      // Its template begins like ours ('aws+harness-'), as 'aws+harness-payments-{id}' would (QA).
      { ...TEST_NAMING, emailTemplate: 'aws+harness-payments-{id}@example.com' },
      { runId: '2026-06-01T00-00-02-000Z-0a0b0c', afterRun: 'close' },
    )
    const org = new OrganizationsClient(emulator.clientConfig())
    const status = async (accountId: string) =>
      (await org.send(new DescribeAccountCommand({ AccountId: accountId }))).Account?.Status
    const sweepHere = (yes: boolean, lines: string[] = []) =>
      sweep({
        target,
        reportsDir: reportsDir!,
        yes,
        say: (line) => lines.push(line),
        naming: TEST_NAMING,
      })
    // Within a day, a run on another runner may still be using them: nothing is said or done.
    expect((await sweepHere(true)).found).toBe(0)
    expect(await status(lost.accountId)).toBe('ACTIVE')

    await fixture.control('POST', '/clock', { advanceMs: 25 * 60 * 60_000 })
    const said: string[] = []
    const dry = await sweepHere(false, said)
    expect(dry.problems).toEqual([
      expect.stringContaining(`account ${lost.accountId} (tagged harness:managed by run ${lostRun}`),
    ])
    expect(dry.problems[0]).toContain(
      'its run meant to close it and died before recording it; would be closed (run with --yes)',
    )
    // A kept one may be in use (a laptop's pool account): said, never a problem that fails `sweep --yes`.
    expect(said).toContainEqual(
      expect.stringMatching(new RegExp(`account ${kept.accountId} .*its run kept it .*: left as it is$`)),
    )

    const lines: string[] = []
    const done = await sweepHere(true, lines)
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`account ${lost.accountId} .*; closed$`)))
    expect(done.problems).toEqual([])
    // With the kept one named just before it, never a bare "nothing left behind" (QA).
    const again: string[] = []
    await sweepHere(false, again)
    expect(again.at(-1)).toBe('sweep: nothing else left behind by earlier runs')
    expect(await status(lost.accountId)).toMatch(/^(PENDING_CLOSURE|SUSPENDED)$/)
    expect(await status(kept.accountId)).toBe('ACTIVE')
    expect(await status(foreign)).toBe('ACTIVE')
    expect(await status(otherTeam.accountId)).toBe('ACTIVE')
    // The ledger has the closed one: its slot is counted for 90 days.
    expect((await readAccountLedger(reportsDir)).accounts).toEqual([
      expect.objectContaining({ accountId: lost.accountId, status: 'closed', runIds: [lostRun] }),
    ])
  })
})
