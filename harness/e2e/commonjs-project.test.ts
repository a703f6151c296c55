/**
 * A new user's project as `npm init` makes it, "type": "commonjs": harness.config.ts and a scenario file
 * in TypeScript that import the authoring API from 'harness' (an ES module), run by the real executable.
 * tsx compiles such files to CommonJS, whose require() of an ES module Node 20 and Node 22 refuse in
 * different words, and Node 22 hands over a CommonJS file's `export default` wrapped once more
 * (config/import-module.ts): either used to stop the run before or at its first scenario.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT } from './cli-project.js'

const SCENARIO = `import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'commonjs/log-group',
  operations: ['logs:CreateLogGroup'],
  async run({ client, uniqueName, step, onCleanup }) {
    const logs = client(CloudWatchLogsClient)
    const created = await step('CreateLogGroup', async () => {
      const logGroupName = uniqueName('harness-lg')
      await logs.send(new CreateLogGroupCommand({ logGroupName }))
      return logGroupName
    })
    const logGroupName = created.value
    if (created.ok && logGroupName)
      onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName })))
  },
})
`

function config(): string {
  const settings = {
    scenarios: 'scenarios/*.ts',
    policy: path.join(REPO_ROOT, 'scenarios/minimal-policy.json'),
    regions: ['us-east-1'],
    emulator: { timeScale: 0.0005 },
    cloudTrailCapture: false,
  }
  return `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(settings, null, 2)})\n`
}

describe('a CommonJS project (npm init)', () => {
  let project: Project
  let result: CliResult

  beforeAll(async () => {
    project = await createProject(
      { 'harness.config.ts': config(), 'scenarios/log-group.ts': SCENARIO },
      { process: true, type: 'commonjs' },
    )
    result = await project.run(['run'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('loads its TypeScript config and scenario and runs the step with the minimal role', () => {
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/Verdict: pass/)
    expect(result.code).toBe(0)
    const steps = result.dump?.calls.filter((call) => call.operation === 'CreateLogGroup') ?? []
    expect(steps.map((call) => [call.outcome, call.principalArn])).toEqual([
      ['success', expect.stringMatching(/:assumed-role\/harness-minimal/)],
    ])
    expect(leftovers(result.dump)).toEqual([])
  })
})
