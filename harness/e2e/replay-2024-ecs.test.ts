/**
 * Replaying ECS's March 29, 2024 change (tagResourceAuthorization turned on for every account): the
 * shipped ECS example under a policy without ecs:TagResource passes on 2024-03-01 and regresses on
 * 2024-04-01, with drift.md naming both steps and ecs:TagResource as the permission AWS now asks for.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT } from './cli-project.js'

const EXAMPLES = path.join(REPO_ROOT, 'scenarios/examples')

async function policyWithoutEcsTagging(): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(EXAMPLES, 'policy.json'), 'utf8'))
  policy.Statement = policy.Statement.filter((statement: { Action: unknown }) => statement.Action !== 'ecs:TagResource')
  return JSON.stringify(policy, null, 2)
}

describe('replaying the 2024 ECS tagging-authorization change', () => {
  let project: Project
  let before: CliResult
  let after: CliResult

  beforeAll(async () => {
    const config = {
      scenarios: path.join(EXAMPLES, 'ecs-*.ts'),
      policy: 'old-policy.json',
      emulator: { timeScale: 0.0005 },
    }
    project = await createProject({
      'harness.config.ts': `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config)})\n`,
      'old-policy.json': await policyWithoutEcsTagging(),
    })
    before = await project.run(['run', '--region', 'eu-west-1', '--emulator-date', '2024-03-01'])
    after = await project.run(['run', '--region', 'eu-west-1', '--emulator-date', '2024-04-01'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('passes before March 29, 2024 (exit 0)', () => {
    expect(before.stderr).toBe('')
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('[eu-west-1] ecs/create-tagged-cluster › CreateCluster: allowed')
  })

  it('regresses after it, naming both steps and ecs:TagResource (exit 1)', async () => {
    expect(after.code).toBe(1)
    expect(after.stdout).toMatch(/2 regressions/)
    const markdown = await project.read('reports/drift.md')
    expect(markdown).toMatch(/Regression: ecs\/create-tagged-cluster \/ CreateCluster/)
    expect(markdown).toMatch(/Regression: ecs\/create-tagged-cluster \/ RegisterTaskDefinition/)
    expect(markdown).toContain('AWS now asks for: `ecs:TagResource`')
    const drift = JSON.parse(await project.read('reports/drift.json'))
    const regressions = drift.changes.filter((change: { change: string }) => change.change === 'regression')
    expect(regressions.map((change: { step: string }) => change.step).sort()).toEqual([
      'CreateCluster',
      'RegisterTaskDefinition',
    ])
  })

  it('shows in the emulator audit when and why: the 2024-04-01 calls failed the tag-on-create ecs:TagResource check', () => {
    const creates = (result: CliResult) =>
      (result.dump?.calls ?? []).filter(
        (call) => call.operation === 'CreateCluster' && call.principalArn.includes(':assumed-role/'),
      )
    const [allowed] = creates(before)
    expect(allowed?.time).toMatch(/^2024-03-01T/)
    expect(allowed?.authorization.map((check) => check.action)).toEqual(['ecs:CreateCluster'])
    const [denied] = creates(after)
    expect(denied?.time).toMatch(/^2024-04-01T/)
    expect(denied?.authorization).toContainEqual(
      expect.objectContaining({ action: 'ecs:TagResource', reason: 'tag-on-create', decision: 'ImplicitlyDenied' }),
    )
  })

  it('cleans up after both runs', () => {
    expect(leftovers(before.dump)).toEqual([])
    expect(leftovers(after.dump)).toEqual([])
  })
})
