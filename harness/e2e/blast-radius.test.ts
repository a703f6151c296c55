/**
 * Blast radius, both ways, and a verified fix after replaying 2022 (issue #14's done-when), on one emulator
 * that outlives the runs (HARNESS_EMULATOR_ENDPOINT), as an organization does: a first night keeps its
 * account, which thereby used the operations in the region before AWS's change; after the change, each
 * regression found in a brand-new account is re-run there. The 2022 Logs and ECR tag-on-create changes spare
 * accounts that created tagged resources before them ("new accounts only"), and `--verify-fix` re-runs the
 * failing steps under the merged patch in another new account; the 2024 ECS tagging authorization reaches
 * every account ("all accounts").
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { controlHeaders } from '../emulator/control/access.js'
import { startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT } from './cli-project.js'
import { runRecordOf } from './verdict-reports.js'

const EXAMPLES = path.join(REPO_ROOT, 'scenarios/examples')

async function setClock(emu: TestEmulator, date: string): Promise<void> {
  const response = await fetch(`${emu.endpoint}/_emulator/clock`, {
    method: 'POST',
    headers: { ...controlHeaders(emu.controlToken), 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  })
  expect(response.status).toBe(200)
}

async function policyWithout(file: string, actions: string[]): Promise<string> {
  const policy = JSON.parse(await readFile(file, 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((a) => !actions.includes(a))
  }
  policy.Statement = policy.Statement.filter((s: { Action: string[] }) => s.Action.length > 0)
  return JSON.stringify(policy, null, 2)
}

function config(scenarios: string | string[]): string {
  const body = { scenarios, policy: 'old-policy.json', emulator: { timeScale: 0.0005 } }
  return `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(body)})\n`
}

/** Night one (kept account) before the change, night two after it; returns both run records. */
async function twoNights(
  files: Record<string, string>,
  region: string,
  dates: [string, string],
  nightTwoFlags: string[] = [],
): Promise<{ project: Project; first: RunRecord; second: RunRecord; code: number | null; stdout: string }> {
  const emu = await startTestEmulator({ date: dates[0] })
  const project = await createProject(files)
  try {
    const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
    const before = await project.run(['run', '--region', region, '--keep-account'], env)
    expect(before.code).toBe(0)
    const first = await runRecordOf<RunRecord>(project, before.stdout)
    await setClock(emu, dates[1])
    const after = await project.run(['run', '--region', region, ...nightTwoFlags], env)
    return {
      project,
      first,
      second: await runRecordOf<RunRecord>(project, after.stdout),
      code: after.code,
      stdout: after.stdout,
    }
  } finally {
    await emu.stop()
  }
}

describe('blast radius of a confirmed regression', () => {
  it(
    'replaying 2022 (Logs and ECR tag-on-create): new accounts only, and --verify-fix verifies the merged patch',
    async () => {
      const { project, first, second, code, stdout } = await twoNights(
        {
          'harness.config.ts': config([
            path.join(REPO_ROOT, 'scenarios/logs-*.ts'),
            path.join(REPO_ROOT, 'scenarios/ecr-*.ts'),
          ]),
          'old-policy.json': await policyWithout(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), [
            'logs:TagLogGroup',
            'logs:TagResource',
            'ecr:TagResource',
          ]),
        },
        'ca-central-1',
        ['2022-10-01T00:00:00Z', '2023-02-01T00:00:00Z'],
        ['--verify-fix'],
      )
      try {
        // A verified fix does not make the regressions green (exit 1).
        expect(code).toBe(1)
        expect(stdout).toMatch(/Verdict: findings \(exit 1\) — 2 open regressions/)
        expect(second.account.id).not.toBe(first.account.id)
        // Blast radius: the account kept from 2022-10-01 had used both operations with tags before the changes.
        const radii = (second.blastRadius ?? []).map(
          (f) => `${f.scenario} ${f.radius} ${f.accountId === first.account.id}`,
        )
        expect(radii.sort()).toEqual([
          'ecr/create-tagged-repository new-accounts-only true',
          'logs/create-tagged-log-group new-accounts-only true',
        ])
        // The account's use dates from the baseline run itself: "by" it, not "before" it.
        for (const finding of second.blastRadius ?? [])
          expect(finding.reason).toContain(`since run ${first.runId}, by the step's baseline run`)
        expect(stdout).toMatch(
          /Blast radius: logs\/create-tagged-log-group \/ CreateLogGroup @ ca-central-1: new accounts only/,
        )
        // Said once, in the summary: not also as a progress line before it.
        expect(
          stdout.match(/create-tagged-log-group \/ CreateLogGroup @ ca-central-1: new[- ]accounts[- ]only/g),
        ).toHaveLength(1)
        // The fix: the merged patch re-ran only the failing scenarios, in a third, brand-new account.
        const verification = second.verifyFix
        expect(stdout).toMatch(/Fix verified: 2 failing steps allowed under the patched policy/)
        expect(stdout).toMatch(/verify-fix: role: creating the harness role in \d{12} with exactly the patched policy/)
        expect(verification?.status).toBe('verified')
        expect(verification?.regions).toEqual(['ca-central-1'])
        expect(verification?.accountId).toMatch(/^\d{12}$/)
        expect([first.account.id, second.account.id]).not.toContain(verification?.accountId)
        expect(verification?.steps.map((s) => `${s.scenario} ${s.step} ${s.outcome}`).sort()).toEqual([
          'ecr/create-tagged-repository CreateRepository allowed',
          'logs/create-tagged-log-group CreateLogGroup allowed',
        ])
        // The patch amended the declared statements (same resource scope) and added none.
        const statements = (verification!.policy as { Statement: Array<{ Sid?: string }> }).Statement
        const declared = JSON.parse(await project.read('old-policy.json')).Statement
        expect(statements.map((s) => s.Sid)).toEqual(declared.map((s: { Sid?: string }) => s.Sid))
        // Every report says both.
        const markdown = await project.read('reports/drift.md')
        expect(markdown).toMatch(/## Fix verification\n\n\*\*Fix verified: /)
        expect(markdown).toMatch(/## Blast radius\n\n- .*new accounts only \(existing customers unaffected/)
        const html = await project.read('reports/report.html')
        expect(html).toContain('<h2 id="verify-fix">Fix verification</h2>')
        expect(html).toContain('<h2 id="blast-radius">Blast radius</h2>')
        const drift = JSON.parse(await project.read('reports/drift.json'))
        expect(drift.verdict.code).toBe(1)
        expect(drift.followUps.verifyFix).toMatchObject({ status: 'verified', regions: ['ca-central-1'] })
        expect(drift.followUps.blastRadius.map((f: { radius: string }) => f.radius)).toEqual([
          'new-accounts-only',
          'new-accounts-only',
        ])
        const junit = await project.read('reports/junit.xml')
        expect(junit).toMatch(
          /<testcase classname="harness" name="verify-fix" time="0.000">\n\s*<system-out>Fix verified/,
        )
        expect(junit).toMatch(/name="blast radius logs\/create-tagged-log-group/)
        // The seasoned account stays open in the ledger.
        const ledger = JSON.parse(await project.read('reports/state/accounts.json'))
        const kept = ledger.accounts.find((a: { accountId: string }) => a.accountId === first.account.id)
        expect(kept.status).toBe('kept')
      } finally {
        await project.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'the 2024 ECS tagging authorization: denied in the account kept from before it too → all accounts',
    async () => {
      const { project, first, second, code } = await twoNights(
        {
          'harness.config.ts': config(path.join(EXAMPLES, 'ecs-*.ts')),
          'old-policy.json': await policyWithout(path.join(EXAMPLES, 'policy.json'), ['ecs:TagResource']),
        },
        'eu-west-1',
        ['2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'],
      )
      try {
        expect(code).toBe(1)
        const radii = (second.blastRadius ?? []).map((f) => `${f.step} ${f.radius} ${f.accountId === first.account.id}`)
        expect(radii.sort()).toEqual(['CreateCluster all-accounts true', 'RegisterTaskDefinition all-accounts true'])
        expect(await project.read('reports/drift.md')).toContain('all accounts (urgent: existing customers break too)')
      } finally {
        await project.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
