/**
 * `harness run` with accounts.strategy 'pool' against one emulator that outlives the runs
 * (HARNESS_EMULATOR_ENDPOINT), in the test process. Each test seeds the pool the way earlier nights
 * would have left it: member accounts vended through Organizations (tagged harness:managed) and a
 * ledger saying what each has used. Then a run must reuse, refuse, vend, retire and check CloudTrail
 * as the plan says, record where and how fresh each step ran, and leave the pool accounts open and empty.
 */

import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import { CloseAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import { type LedgerEntry, readAccountLedger } from '../accounts/ledger.js'
import { TEST_NAMING } from '../accounts/test-support.js'
import { vendAccount } from '../accounts/vend.js'
import { createLocalTarget } from '../credentials/management.js'
import { openAccountSession } from '../credentials/session.js'
import { MANAGEMENT_ACCOUNT_ID } from '../emulator/core/state.js'
import { deliverCloudTrail, startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'
import { runUntilKilled } from './kill-cli.js'

const LOGS = 'logs/create-tagged-log-group'
const LOGS_KEYS = ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags']
const used = (...regions: string[]) => regions.flatMap((region) => LOGS_KEYS.map((key) => `${key}@${region}`))

let emu: TestEmulator | undefined
let project: Project | undefined
afterEach(async () => {
  await emu?.stop()
  await project?.remove()
  emu = undefined
  project = undefined
})

async function setUp(options: { maxAccounts?: number; freshEvery?: number; files?: Record<string, string> } = {}) {
  emu = await startTestEmulator({ date: '2026-06-01T00:00:00Z', maxAccounts: options.maxAccounts })
  project = await createProject({
    'harness.config.ts': shippedConfig({ accounts: { strategy: 'pool', freshEvery: options.freshEvery ?? 1 } }),
    ...options.files,
  })
  const target = createLocalTarget({
    endpoint: emu.endpoint,
    globalStsEndpoint: emu.globalStsEndpoint,
    timeScale: emu.state.clock.timeScale,
  })
  return { emu, project, target }
}

/** Earlier nights' pool: accounts vended through Organizations, and the ledger's word on what each used. */
async function seedPool(
  fx: Awaited<ReturnType<typeof setUp>>,
  accounts: Array<{ used: string[] }>,
  lastFresh: Record<string, string> = {},
): Promise<string[]> {
  const ids: string[] = []
  const entries: LedgerEntry[] = []
  for (const [index, account] of accounts.entries()) {
    const vended = await vendAccount(fx.target, TEST_NAMING, { runId: `seed-${index}` })
    ids.push(vended.accountId)
    entries.push({
      accountId: vended.accountId,
      createdAt: new Date(Date.UTC(2026, 4, 1 + index)).toISOString(),
      updatedAt: '2026-05-20T00:00:00.000Z',
      runIds: [`seed-${index}`],
      regionsUsed: [...new Set(account.used.map((key) => key.split('@')[1]!))],
      operationsUsed: account.used,
      status: 'kept',
    })
  }
  const state = path.join(fx.project.reportsDir, 'state')
  await mkdir(state, { recursive: true })
  await writeFile(path.join(state, 'accounts.json'), JSON.stringify({ schemaVersion: 1, accounts: entries }))
  // The emulator's clock is pinned months before today: its runs are a replay's, with the replays' schedule.
  await writeFile(path.join(state, 'replay-freshness.json'), JSON.stringify({ schemaVersion: 1, lastFresh }))
  return ids
}

async function runPool(fx: Awaited<ReturnType<typeof setUp>>, regions: string[], extra: string[] = []) {
  const args = ['run', '--scenario', LOGS, ...regions.flatMap((r) => ['--region', r]), ...extra]
  const result = await fx.project.run(args, { HARNESS_EMULATOR_ENDPOINT: fx.emu.endpoint })
  const [file] = await fx.project.files('reports/runs')
  const record = JSON.parse(await fx.project.read(file!)) as RunRecord
  return { result, record }
}

/** Where each region's steps ran, and how fresh. */
function placement(record: RunRecord): Record<string, Array<[string | undefined, string | undefined]>> {
  const out: Record<string, Array<[string | undefined, string | undefined]>> = {}
  for (const step of record.results) out[step.region] = [...(out[step.region] ?? []), [step.accountId, step.freshness]]
  return out
}

async function leftovers(fx: Awaited<ReturnType<typeof setUp>>) {
  const body = (await (await fetch(`${fx.emu.endpoint}/_emulator/resources`)).json()) as {
    resources: Array<{ accountId: string; type: string; id: string }>
  }
  return body.resources.filter(
    (r) =>
      r.accountId !== MANAGEMENT_ACCOUNT_ID && !(r.type === 'iam:role' && r.id === 'OrganizationAccountAccessRole'),
  )
}

const accountState = (fx: Awaited<ReturnType<typeof setUp>>, id: string) => fx.emu.state.accounts.get(id)?.status

describe('harness run with the account pool', () => {
  it(
    'Given a harness role and a tagged log group a lost run left in a pooled account over a day ago, then the run reusing it removes them and keeps younger ones (QA)',
    async () => {
      const fx = await setUp()
      const [, rotation] = await seedPool(fx, [
        { used: [...used('us-east-1', 'ca-central-1'), 'ec2:RunInstances@us-east-1'] },
        { used: used('us-east-1') },
      ])
      const session = openAccountSession(
        fx.target,
        { accountId: rotation!, createdAt: new Date(), fresh: false, accountName: '', email: '' },
        { runId: 'test' },
      )
      const iam = new IAMClient(session.clientConfig('us-east-1', session.adminCredentials('us-east-1')))
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
      })
      const create = (RoleName: string) =>
        iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }))
      await create('harness-minimal-lost00000001')
      await create('someone-elses-role')
      // A log group the lost run created in a region the account used, tagged with its run id (QA: it stayed).
      const logs = new CloudWatchLogsClient(session.clientConfig('us-east-1', session.adminCredentials('us-east-1')))
      const tagged = (logGroupName: string, runId: string) =>
        logs.send(new CreateLogGroupCommand({ logGroupName, tags: { 'harness:run-id': runId } }))
      const runIdAt = (time: number, suffix: string) =>
        `${new Date(time).toISOString().replace(/[:.]/g, '-')}-${suffix}`
      await tagged('lost-group', runIdAt(fx.emu.state.clock.now().getTime() - 60_000, '0a1b2c'))
      fx.emu.state.clock.set(new Date(fx.emu.state.clock.now().getTime() + 25 * 60 * 60_000))
      await create('harness-minimal-young0000001')
      await tagged('young-group', runIdAt(fx.emu.state.clock.now().getTime(), '3d4e5f'))
      const { result } = await runPool(fx, ['ca-central-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(result.stdout).toContain(
        `account ${rotation}: removed what runs that died there left: arn:aws:logs:us-east-1:${rotation}:log-group:lost-group, role harness-minimal-lost00000001`,
      )
      const groups = (await leftovers(fx)).filter((r) => r.type === 'logs:log-group').map((r) => r.id)
      expect(groups).toEqual(['young-group'])
      logs.destroy()
      const names = (await iam.send(new ListRolesCommand({}))).Roles?.map((role) => role.RoleName)
      expect(names).toEqual(expect.arrayContaining(['someone-elses-role', 'harness-minimal-young0000001']))
      expect(names).not.toContain('harness-minimal-lost00000001')
      iam.destroy()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given a rotation account that used logs in us-east-1 only, then ca-central-1 reuses it fresh, us-east-1 is refused there and gets a newly vended account',
    async () => {
      const fx = await setUp()
      const [seasoned, rotation] = await seedPool(fx, [
        { used: [...used('us-east-1', 'ca-central-1'), 'ec2:RunInstances@us-east-1'] },
        { used: used('us-east-1') },
      ])
      // harness plan against the same organization says up front what the run then does.
      const env = { HARNESS_EMULATOR_ENDPOINT: fx.emu.endpoint }
      const planned = await fx.project.run(
        ['plan', '--json', '--scenario', LOGS, '--region', 'us-east-1', '--region', 'ca-central-1'],
        env,
      )
      expect(planned.code, planned.stderr).toBe(0)
      expect(JSON.parse(planned.stdout)).toMatchObject({
        vend: ['new-1'],
        reuse: [rotation],
        assignments: [
          { region: 'us-east-1', account: { kind: 'new', label: 'new-1' }, fresh: true },
          { region: 'ca-central-1', account: { kind: 'pooled', accountId: rotation }, fresh: true },
        ],
      })
      const { result, record } = await runPool(fx, ['us-east-1', 'ca-central-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)

      const steps = placement(record)
      expect(steps['ca-central-1']).toEqual([[rotation, 'fresh']])
      const [[vended, freshness]] = steps['us-east-1'] as [[string, string]]
      expect(freshness).toBe('fresh')
      expect([seasoned, rotation]).not.toContain(vended)
      expect(record.strategy).toBe('pool')
      expect(record.plan).toMatchObject({ vended: [vended], reused: [rotation], retired: [] })
      expect(result.stdout).toContain(`reusing pooled account ${rotation}`)

      // The ledger learnt what tonight's successful calls used, and keeps every account in the pool.
      const ledger = await readAccountLedger(fx.project.reportsDir)
      const byId = new Map(ledger.accounts.map((entry) => [entry.accountId, entry]))
      expect(byId.get(rotation!)?.operationsUsed).toEqual(expect.arrayContaining(used('ca-central-1')))
      expect(byId.get(vended)?.status).toBe('kept')
      expect(byId.get(vended)?.operationsUsed).toEqual(expect.arrayContaining(used('us-east-1')))
      expect(byId.get(vended)?.regionsUsed).toEqual(['us-east-1'])
      // Kept, open and empty: the run's log groups and its role are gone, the accounts stay.
      expect([seasoned, rotation, vended].map((id) => accountState(fx, id!))).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE'])
      expect(await leftovers(fx)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given a rotation account fresh for nothing planned, one closed outside harness, and a pair not due, then the pair runs seasoned, the spent account is closed and the other left out',
    async () => {
      const fx = await setUp({ freshEvery: 15 })
      const [seasoned, spent, closedElsewhere] = await seedPool(
        fx,
        [{ used: [...used('us-east-1'), 'ec2:RunInstances@us-east-1'] }, { used: used('us-east-1') }, { used: [] }],
        { [`${LOGS}@us-east-1`]: '2026-05-31T00:00:00.000Z' },
      )
      const org = new OrganizationsClient(fx.emu.clientConfig('us-east-1'))
      await org.send(new CloseAccountCommand({ AccountId: closedElsewhere }))
      org.destroy()
      const { result, record } = await runPool(fx, ['us-east-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(placement(record)['us-east-1']).toEqual([[seasoned, 'seasoned']])
      expect(record.results[0]?.notFresh).toMatch(/^seasoned: account \d{12} has used/)
      expect(record.account.fresh).toBe(false)
      expect(record.plan?.retired).toEqual([{ accountId: spent, status: 'closed' }])
      expect(accountState(fx, spent!)).toMatch(/PENDING_CLOSURE|SUSPENDED/)
      expect(accountState(fx, seasoned!)).toBe('ACTIVE')
      expect(result.stdout).toMatch(
        new RegExp(`pool: account ${closedElsewhere} left out: its state is (PENDING_CLOSURE|SUSPENDED)`),
      )
      const ledger = await readAccountLedger(fx.project.reportsDir)
      const status = (id?: string) => ledger.accounts.find((entry) => entry.accountId === id)?.status
      expect([status(seasoned), status(spent), status(closedElsewhere)]).toEqual(['kept', 'closed', 'closed'])
      expect(await leftovers(fx)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given no free slot under quota minus the reserve, then nothing is vended and the due pair runs seasoned, said as a gap',
    async () => {
      // Management + 2 pooled accounts = 3 held; quota 4 − reserve 1 leaves no slot.
      const fx = await setUp({ maxAccounts: 4 })
      const [seasoned] = await seedPool(fx, [
        { used: [...used('us-east-1'), 'ec2:RunInstances@us-east-1'] },
        { used: used('us-east-1') },
      ])
      const { result, record } = await runPool(fx, ['us-east-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(placement(record)['us-east-1']).toEqual([[seasoned, 'seasoned']])
      expect(record.plan?.vended).toEqual([])
      expect(record.plan?.gaps).toMatchObject([{ scenario: LOGS, region: 'us-east-1', reason: 'no-slot' }])
      expect(result.stdout).toMatch(/have no account slot tonight/)
      expect([...fx.emu.state.accounts.values()]).toHaveLength(3)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given an empty pool and more pairs than are due tonight, then the first night vends a fresh and a seasoned account, each with its own e-mail',
    async () => {
      const fx = await setUp({ freshEvery: 2 })
      await seedPool(fx, [])
      const { result, record } = await runPool(fx, ['us-east-1', 'ca-central-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(record.plan?.vended).toHaveLength(2)
      const members = [...fx.emu.state.accounts.values()].filter((a) => a.id !== MANAGEMENT_ACCOUNT_ID)
      expect(new Set(members.map((a) => a.email)).size).toBe(2)
      // Both are brand new tonight, so both pairs ran fresh, each in its own account.
      const steps = placement(record)
      expect([steps['us-east-1']?.[0]?.[1], steps['ca-central-1']?.[0]?.[1]]).toEqual(['fresh', 'fresh'])
      expect(steps['us-east-1']?.[0]?.[0]).not.toBe(steps['ca-central-1']?.[0]?.[0])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given an empty pool and no free slot, then the run stops with exit 3 before creating anything, naming the quota',
    async () => {
      // Management account only; quota 2 − reserve 1 − 1 held leaves nothing to vend and no account to reuse.
      const fx = await setUp({ maxAccounts: 2 })
      await seedPool(fx, [])
      const result = await fx.project.run(['run', '--scenario', LOGS, '--region', 'us-east-1'], {
        HARNESS_EMULATOR_ENDPOINT: fx.emu.endpoint,
      })
      expect(result.code).toBe(3)
      expect(result.stderr).toContain('the pool plan can run nothing tonight')
      expect(result.stderr).toContain('quota minus the reserve of 1')
      // QA: it said only "See harness plan": now the count, when a slot frees, and what to do.
      expect(result.stderr).toContain(
        'the organization has 1 account(s) (closed ones count for 90 days after closing) and its quota is 2',
      )
      expect(result.stderr).toContain('no account harness closed is waiting out its 90 days')
      expect(result.stderr).toContain('On the emulator: raise its quota')
      expect(result.stderr).toContain('Lowering accounts.reserve frees a slot too')
      expect([...fx.emu.state.accounts.values()]).toHaveLength(1)
      expect(await fx.project.files('reports/runs')).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given a policy that denies the tagged CreateLogGroup, then the denied call is not use: the ledger keeps the account fresh for it',
    async () => {
      const fx = await setUp()
      const [, rotation] = await seedPool(fx, [
        { used: [...used('us-east-1'), 'ec2:RunInstances@us-east-1'] },
        { used: [] },
      ])
      // Without logs:TagResource a tagged CreateLogGroup is denied in an account fresh for it (tag-on-create, 2022).
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
      }
      await fx.project.write('no-tagging.json', JSON.stringify(policy))
      const { result, record } = await runPool(fx, ['us-east-1'], ['--policy', 'no-tagging.json'])
      expect(result.code, result.stdout + result.stderr).toBe(1)
      expect(record.results[0]).toMatchObject({ accountId: rotation, freshness: 'fresh', outcome: { kind: 'denied' } })
      const ledger = await readAccountLedger(fx.project.reportsDir)
      const entry = ledger.accounts.find((e) => e.accountId === rotation)
      expect(entry?.runIds).toContain(record.runId)
      expect(entry?.operationsUsed.filter((key) => key.startsWith('logs:'))).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given something else in the organization used CreateLogGroup in a pooled account, then CloudTrail shows it, the steps run not fresh and the ledger marks it',
    async () => {
      const fx = await setUp()
      const [, rotation] = await seedPool(fx, [
        { used: [...used('us-east-1', 'ca-central-1'), 'ec2:RunInstances@us-east-1'] },
        { used: [] },
      ])
      // An administrator (think StackSets) creates a tagged log group through OrganizationAccountAccessRole.
      const account = { accountId: rotation!, createdAt: new Date(), fresh: false, accountName: '', email: '' }
      const session = openAccountSession(fx.target, account, { runId: 'other-team' })
      const logs = new CloudWatchLogsClient(
        session.clientConfig('ca-central-1', session.adminCredentials('ca-central-1')),
      )
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'stackset-lg', tags: { owner: 'stacksets' } }))
      logs.destroy()
      await deliverCloudTrail(fx.emu)

      const { result, record } = await runPool(fx, ['ca-central-1'])
      expect(result.code, result.stdout + result.stderr).toBe(0)
      const [step] = record.results
      expect(step).toMatchObject({ accountId: rotation, freshness: 'seasoned' })
      expect(step?.notFresh).toMatch(/already used before this run \(CloudTrail\): logs:CreateLogGroup/)
      expect(result.stdout).toMatch(/account already used \(CloudTrail\)/)
      expect(record.plan?.foundUsed).toEqual([
        { accountId: rotation, keys: expect.arrayContaining(used('ca-central-1')) },
      ])
      const ledger = await readAccountLedger(fx.project.reportsDir)
      const entry = ledger.accounts.find((e) => e.accountId === rotation)
      expect(entry?.foundUsed?.map((found) => found.key).sort()).toEqual(used('ca-central-1').sort())
      // The reports say so too.
      const markdown = await fx.project.read('reports/drift.md')
      expect(markdown).toContain(`- Account ${rotation} was found already used (CloudTrail): logs:CreateLogGroup`)
      expect(markdown).toMatch(
        /- Not fresh: logs\/create-tagged-log-group \/ CreateLogGroup @ ca-central-1: already used before this run \(CloudTrail\)/,
      )
      expect(await fx.project.read('reports/junit.xml')).toContain(
        '<property name="freshness" value="NOT fresh (seasoned)" />',
      )
    },
    E2E_TIMEOUT_MS,
  )
})

/** Creates a tagged log group, then lingers (so a kill lands while the resource exists). */
const LINGERING_SCENARIO = `import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: '${LOGS}',
  operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'],
  async run({ client, region, accountId, uniqueName, tags, step, onCleanup }) {
    const logs = client(CloudWatchLogsClient)
    const logGroupName = uniqueName('harness-lg')
    const created = await step('CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName, tags })))
    if (created.ok)
      onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName })), {
        arn: \`arn:aws:logs:\${region}:\${accountId}:log-group:\${logGroupName}\`,
      })
    await step('Linger', () => new Promise((resolve) => setTimeout(resolve, 120_000)))
  },
})
`

describe('a pool run killed with SIGKILL', () => {
  it(
    'Given a run killed while its scenarios hold resources in a pooled and a new account, then harness sweep --yes empties both, keeps both open and in the pool, and counts the planned use as used',
    async () => {
      const fx = await setUp({ files: { 'scenarios/logs.ts': LINGERING_SCENARIO } })
      await fx.project.write(
        'harness.config.ts',
        shippedConfig({ scenarios: 'scenarios/*.ts', accounts: { strategy: 'pool', freshEvery: 1 } }),
      )
      const [seasoned, rotation] = await seedPool(fx, [
        { used: [...used('us-east-1', 'ca-central-1'), 'ec2:RunInstances@us-east-1'] },
        { used: used('us-east-1') },
      ])
      const env = { HARNESS_EMULATOR_ENDPOINT: fx.emu.endpoint }
      const bothCreated =
        /us-east-1[^\n]*CreateLogGroup[\s\S]*ca-central-1[^\n]*CreateLogGroup|ca-central-1[^\n]*CreateLogGroup[\s\S]*us-east-1[^\n]*CreateLogGroup/
      // A moment after both log groups exist, so the journal holds them.
      const stdout = await runUntilKilled({
        cwd: fx.project.dir,
        args: ['run', '--region', 'us-east-1', '--region', 'ca-central-1'],
        env,
        when: bothCreated,
        delayMs: 300,
      })
      expect(stdout).toMatch(bothCreated)
      const logGroups = (await leftovers(fx)).filter((r) => r.type.startsWith('logs'))
      expect(logGroups).toHaveLength(2)
      const vended = logGroups.map((r) => r.accountId).find((id) => id !== rotation)!

      const swept = await fx.project.run(['sweep', '--yes'], env)
      expect(swept.code, swept.stdout + swept.stderr).toBe(0)
      expect(await leftovers(fx)).toEqual([])
      expect([seasoned, rotation, vended].map((id) => accountState(fx, id!))).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE'])
      const ledger = await readAccountLedger(fx.project.reportsDir)
      const byId = new Map(ledger.accounts.map((entry) => [entry.accountId, entry]))
      expect(byId.get(vended)).toMatchObject({ status: 'kept', operationsUsed: used('us-east-1').sort() })
      expect(byId.get(rotation!)?.operationsUsed).toEqual(expect.arrayContaining(used('ca-central-1')))
      const again = await fx.project.run(['sweep'], env)
      expect(again.stdout).toContain('nothing left behind')
      expect((await readdir(path.join(fx.project.reportsDir, 'state', 'journal'))).length).toBeGreaterThanOrEqual(2)
    },
    E2E_TIMEOUT_MS,
  )
})
