/**
 * `harness run --verify-fix` after replaying 2022 (issue #14's done-when): the Logs and ECR tag-on-create
 * regressions in ca-central-1 are re-run under the suggested merged patch in a second brand-new account and
 * every report says the fix is verified, while the run still exits 1. With no free account slot, the reports
 * say "not verified: no fresh account (quota)" instead of pretending.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../emulator/testing.js'
import type { RunRecord } from '../history/types.js'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'

const TAG_ACTIONS = ['logs:TagLogGroup', 'logs:TagResource', 'ecr:TagResource']

async function policyWithoutTagPermissions(): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((a) => !TAG_ACTIONS.includes(a))
  }
  return JSON.stringify(policy, null, 2)
}

async function latestRecord(project: Project): Promise<RunRecord> {
  const runs = (await project.files('reports/runs')).sort()
  return JSON.parse(await project.read(`reports/runs/${path.basename(runs.at(-1) as string)}`))
}

describe('a verified fix after replaying the 2022 tag-on-create changes', () => {
  let project: Project
  let after: CliResult

  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old-policy.json': await policyWithoutTagPermissions(),
    })
    const args = ['run', '--region', 'ca-central-1', '--policy', 'old-policy.json', '--emulator-date']
    await project.run([...args, '2022-10-01'])
    after = await project.run([...args, '2023-02-01', '--verify-fix'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('still exits 1: a verified fix does not make the regression green', () => {
    expect(after.stdout).toMatch(/Verdict: findings \(exit 1\) — 2 open regressions/)
    expect(after.code).toBe(1)
    expect(after.stdout).toMatch(/Fix verified: 2 failing steps allowed under the patched policy/)
  })

  it('re-ran only the failing scenarios, in a second new account, under the merged patch', async () => {
    const record = await latestRecord(project)
    const verification = record.verifyFix
    expect(verification?.status).toBe('verified')
    expect(verification?.regions).toEqual(['ca-central-1'])
    expect(verification?.scenarios.sort()).toEqual(['ecr/create-tagged-repository', 'logs/create-tagged-log-group'])
    expect(verification?.accountId).toMatch(/^\d{12}$/)
    expect(verification?.accountId).not.toBe(record.account.id)
    expect(verification?.steps.map((s) => `${s.scenario} ${s.step} ${s.outcome}`).sort()).toEqual([
      'ecr/create-tagged-repository CreateRepository allowed',
      'logs/create-tagged-log-group CreateLogGroup allowed',
    ])
    // The patch amended the declared statements (same resource scope), adding no wider statement.
    const statements = (verification!.policy as { Statement: Array<{ Sid?: string; Action: string[] }> }).Statement
    expect(statements.map((s) => s.Sid)).toEqual(
      JSON.parse(await project.read('old-policy.json')).Statement.map((s: { Sid?: string }) => s.Sid),
    )
    expect(statements.flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['ecr:TagResource']))
  })

  it('says the blast radius is unknown: every earlier account was closed, so none is seasoned', async () => {
    const record = await latestRecord(project)
    expect(record.blastRadius?.map((f) => `${f.scenario} ${f.radius}`).sort()).toEqual([
      'ecr/create-tagged-repository unknown',
      'logs/create-tagged-log-group unknown',
    ])
    expect(record.blastRadius?.[0]?.reason).toMatch(/^no seasoned account: no account harness keeps open used /)
  })

  it('says so in drift.md, report.html, drift.json and junit.xml', async () => {
    expect(await project.read('reports/drift.md')).toMatch(/## Fix verification\n\n\*\*Fix verified: /)
    expect(await project.read('reports/report.html')).toContain('<h2 id="verify-fix">Fix verification</h2>')
    const drift = JSON.parse(await project.read('reports/drift.json'))
    expect(drift.followUps.verifyFix).toMatchObject({ status: 'verified', regions: ['ca-central-1'] })
    expect(drift.verdict.code).toBe(1)
    const junit = await project.read('reports/junit.xml')
    expect(junit).toMatch(/<testcase classname="harness" name="verify-fix" time="0.000">\n\s*<system-out>Fix verified/)
  })
})

describe('--verify-fix with no free account slot', () => {
  it(
    'reports the fix not verified: no fresh account (quota), and still exits 1',
    async () => {
      // Given an organization whose quota holds the management account and the run's own account only
      // (so the follow-up's account would also take the slot accounts.reserve keeps for the next run)
      const emu = await startTestEmulator({ date: '2023-02-01T00:00:00Z', maxAccounts: 2 })
      const project = await createProject({
        'harness.config.ts': shippedConfig({ verifyFix: true }),
        'old-policy.json': await policyWithoutTagPermissions(),
      })
      try {
        const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
        const run = await project.run(['run', '--region', 'ca-central-1', '--policy', 'old-policy.json'], env)
        expect(run.code).toBe(1)
        expect(run.stdout).toMatch(
          /Fix not verified: no fresh account \(quota\): the organization has 2 account\(s\) .* and its quota is 2; a new account now would take one of the 1 slot\(s\) accounts\.reserve keeps free/,
        )
        const record = await latestRecord(project)
        expect(record.verifyFix).toMatchObject({ status: 'not-verified', steps: [] })
        expect(record.verifyFix?.accountId).toBeUndefined()
        const junit = await project.read('reports/junit.xml')
        expect(junit).toMatch(/<failure type="fix-not-verified" message="Fix not verified: no fresh account \(quota\)/)
      } finally {
        await project.remove()
        await emu.stop()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
