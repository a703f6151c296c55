/**
 * Blast radius, both ways, on one emulator that outlives the runs (HARNESS_EMULATOR_ENDPOINT), as an
 * organization does: a first night keeps its account, which thereby used the operation in the region
 * before AWS's change; after the change, the regression found in a brand-new account is re-run there.
 * The 2022 Logs tag-on-create rollout spares accounts that used CreateLogGroup with tags before it
 * ("new accounts only"); the 2024 ECS tagging authorization reaches every account ("all accounts").
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { controlHeaders } from '../emulator/control/access.js'
import { startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT } from './cli-project.js'

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

function config(scenarios: string): string {
  const body = { scenarios, policy: 'old-policy.json', emulator: { timeScale: 0.0005 } }
  return `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(body)})\n`
}

async function latestRecord(project: Project): Promise<RunRecord> {
  const runs = (await project.files('reports/runs')).sort()
  return JSON.parse(await project.read(`reports/runs/${path.basename(runs.at(-1) as string)}`))
}

/** Night one (kept account) before the change, night two after it; returns both run records. */
async function twoNights(
  files: Record<string, string>,
  region: string,
  dates: [string, string],
): Promise<{ project: Project; first: RunRecord; second: RunRecord; code: number | null; stdout: string }> {
  const emu = await startTestEmulator({ date: dates[0] })
  const project = await createProject(files)
  try {
    const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
    const before = await project.run(['run', '--region', region, '--keep-account'], env)
    expect(before.code).toBe(0)
    const first = await latestRecord(project)
    await setClock(emu, dates[1])
    const after = await project.run(['run', '--region', region], env)
    return { project, first, second: await latestRecord(project), code: after.code, stdout: after.stdout }
  } finally {
    await emu.stop()
  }
}

describe('blast radius of a confirmed regression', () => {
  it(
    'the 2022 Logs rollout: allowed in the account kept from before it → new accounts only',
    async () => {
      const { project, first, second, code, stdout } = await twoNights(
        {
          'harness.config.ts': config(path.join(REPO_ROOT, 'scenarios/logs-*.ts')),
          'old-policy.json': await policyWithout(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), [
            'logs:TagLogGroup',
            'logs:TagResource',
          ]),
        },
        'ca-central-1',
        ['2022-10-01T00:00:00Z', '2023-02-01T00:00:00Z'],
      )
      try {
        expect(code).toBe(1)
        expect(second.account.id).not.toBe(first.account.id)
        expect(second.blastRadius).toEqual([
          expect.objectContaining({
            scenario: 'logs/create-tagged-log-group',
            step: 'CreateLogGroup',
            region: 'ca-central-1',
            radius: 'new-accounts-only',
            accountId: first.account.id,
            outcome: 'allowed',
          }),
        ])
        expect(stdout).toMatch(
          /Blast radius: logs\/create-tagged-log-group \/ CreateLogGroup @ ca-central-1: new accounts only/,
        )
        expect(await project.read('reports/drift.md')).toMatch(
          /## Blast radius\n\n- .*new accounts only \(existing customers unaffected/,
        )
        expect(await project.read('reports/report.html')).toContain('<h2 id="blast-radius">Blast radius</h2>')
        const drift = JSON.parse(await project.read('reports/drift.json'))
        expect(drift.followUps.blastRadius[0].radius).toBe('new-accounts-only')
        expect(await project.read('reports/junit.xml')).toMatch(/name="blast radius logs\/create-tagged-log-group/)
        // The seasoned account stays open: the ledger keeps it, with this run's use recorded.
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
