/**
 * Replaying 2022: a policy without logs:TagLogGroup, logs:TagResource and ecr:TagResource passes in
 * ca-central-1 before the Logs and ECR tag-on-create changes (exit 0) and, in a fresh account after
 * them, the second run exits 1 with drift.md naming both steps and the permissions they now need.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CliResult,
  createProject,
  E2E_TIMEOUT_MS,
  leftovers,
  type Project,
  REPO_ROOT,
  shippedConfig,
} from './cli-project.js'

async function policyWithoutTagPermissions(): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    const actions = [statement.Action].flat() as string[]
    statement.Action = actions.filter((a) => !['logs:TagLogGroup', 'logs:TagResource', 'ecr:TagResource'].includes(a))
  }
  return JSON.stringify(policy, null, 2)
}

describe('replaying the 2022 tag-on-create changes in ca-central-1', () => {
  let project: Project
  let before: CliResult
  let after: CliResult

  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old-policy.json': await policyWithoutTagPermissions(),
    })
    const args = ['run', '--region', 'ca-central-1', '--policy', 'old-policy.json', '--emulator-date']
    before = await project.run([...args, '2022-10-01'])
    after = await project.run([...args, '2023-02-01'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('passes before the changes (exit 0)', () => {
    expect(before.stderr).toBe('')
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('[ca-central-1] logs/create-tagged-log-group › CreateLogGroup: allowed')
  })

  it('finds the regression after them (exit 1)', () => {
    expect(after.code).toBe(1)
    expect(after.stdout).toMatch(/2 regressions/)
  })

  it(
    'names the Logs and ECR steps in ca-central-1 and the missing permissions in drift.md',
    async () => {
      const markdown = await project.read('reports/drift.md')
      expect(markdown).toMatch(/## ca-central-1/)
      expect(markdown).toMatch(/Regression: logs\/create-tagged-log-group \/ CreateLogGroup/)
      expect(markdown).toMatch(/Regression: ecr\/create-tagged-repository \/ CreateRepository/)
      expect(markdown).toContain('logs:TagResource')
      expect(markdown).toContain('ecr:TagResource')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'says their blast radius is unknown: every earlier account was closed, so none is seasoned',
    async () => {
      const runs = (await project.files('reports/runs')).sort()
      const record = JSON.parse(await project.read(`reports/runs/${path.basename(runs.at(-1) as string)}`))
      expect(
        record.blastRadius.map((f: { scenario: string; radius: string }) => `${f.scenario} ${f.radius}`).sort(),
      ).toEqual(['ecr/create-tagged-repository unknown', 'logs/create-tagged-log-group unknown'])
      expect(record.blastRadius[0].reason).toMatch(/^no seasoned account: no account harness keeps open used /)
      expect(after.stdout).toMatch(/Blast radius: .* @ ca-central-1: unknown — no seasoned account/)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'records exactly those two regressions in drift.json, EC2 unchanged',
    async () => {
      const drift = JSON.parse(await project.read('reports/drift.json'))
      const regressions = drift.changes.filter((c: { change: string }) => c.change === 'regression')
      expect(
        regressions
          .map((c: { region: string; scenario: string; step: string }) => `${c.region} ${c.scenario} ${c.step}`)
          .sort(),
      ).toEqual([
        'ca-central-1 ecr/create-tagged-repository CreateRepository',
        'ca-central-1 logs/create-tagged-log-group CreateLogGroup',
      ])
      expect(drift.changes.find((c: { scenario: string }) => c.scenario === 'ec2/run-tagged-instance')?.change).toBe(
        'unchanged',
      )
      // The declared policy did not change between the two runs: AWS did (issue #7, cause attribution).
      expect(regressions.map((c: { cause?: string }) => c.cause)).toEqual(['aws-change', 'aws-change'])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'harness diff of the two run records and harness report say the same (exit 1)',
    async () => {
      const [older, newer] = (await project.files('reports/runs')).sort()
      const diff = await project.run(['diff', older as string, newer as string])
      expect(diff.code).toBe(1)
      expect(diff.stdout).toMatch(/2 regressions/)
      // The same two runs by id, as `harness report` takes them, from the config's reports directory.
      const byId = await project.run(['diff', path.basename(older!, '.json'), path.basename(newer!, '.json')])
      expect(byId.stderr).toBe('')
      expect(byId.stdout).toBe(diff.stdout)
      const report = await project.run(['report'])
      expect(report.code).toBe(1)
      expect(report.stdout).toContain(`${project.reportsDir}/drift.md`)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'compares with --baseline instead of the previous run when given',
    async () => {
      const [first] = (await project.files('reports/runs')).sort()
      const args = ['run', '--region', 'ca-central-1', '--policy', 'old-policy.json', '--emulator-date', '2023-02-01']
      // Against the previous run (already denied) nothing changed, but the regression is still open, so
      // the run still fails; against the first run it is a regression again.
      const vsPrevious = await project.run(args)
      expect(vsPrevious.code).toBe(1)
      const stillOpen = JSON.parse(await project.read('reports/drift.json')).changes.filter(
        (c: { stillDenied?: boolean }) => c.stillDenied,
      )
      expect(stillOpen.map((c: { scenario: string; change: string }) => [c.scenario, c.change]).sort()).toEqual([
        ['ecr/create-tagged-repository', 'unchanged'],
        ['logs/create-tagged-log-group', 'unchanged'],
      ])
      const vsFirst = await project.run([...args, '--baseline', first as string])
      expect(vsFirst.code).toBe(1)
      expect(JSON.parse(await project.read('reports/drift.json')).summary.regressions).toBe(2)
      expect(JSON.parse(await project.read('reports/drift.json')).baselineRunId).toBe(
        path.basename(first as string, '.json'),
      )
    },
    E2E_TIMEOUT_MS,
  )

  it('cleans up after both runs', () => {
    expect(leftovers(before.dump)).toEqual([])
    expect(leftovers(after.dump)).toEqual([])
  })

  it('keeps its fresh tests, dated 2023, in the replays’ schedule: the nightly’s is not moved', async () => {
    const replays = JSON.parse(await project.read('reports/state/replay-freshness.json'))
    expect(replays.lastFresh['logs/create-tagged-log-group@ca-central-1']).toMatch(/^2023-02-01T/)
    await expect(project.read('reports/state/freshness.json')).rejects.toThrow(/ENOENT/)
  })
})
