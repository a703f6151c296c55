/**
 * `harness run --verify-fix` with no room for another account: the reports say "not verified: no fresh
 * account (quota)" instead of pretending, and the run still exits 1. (A verified fix after replaying 2022 is
 * tested in blast-radius.test.ts, on the same two nights as the blast radius.)
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestEmulator } from '../emulator/testing.js'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'

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
