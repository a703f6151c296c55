/**
 * An SCP denial is a guardrail, not AWS drift: `harness run --target aws` against a standalone emulator
 * reached through AWS_ENDPOINT_URL (a custom endpoint, recorded as such), whose organization gets an SCP
 * between two runs.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from '../emulator/server.js'
import { awsEnvFor, createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT } from './cli-project.js'

describe('an SCP that denies a step', () => {
  let project: Project
  let emulator: RunningEmulator
  let env: Record<string, string>
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, timeScale: 0.001 })
    env = awsEnvFor(emulator.endpoint)
    const config = {
      target: 'aws',
      scenarios: `${REPO_ROOT}/scenarios/logs-*.ts`,
      policy: `${REPO_ROOT}/scenarios/minimal-policy.json`,
      accounts: { emailTemplate: 'harness+{id}@example.com' },
      // The default denial probes (15, 45, 120 s), its polls and CloudTrail's delivery wait follow the time scale
      // the harness reads behind the endpoint (0.18 s in all here; in real seconds the run would outlast the test).
    }
    project = await createProject({
      'harness.config.ts': `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config)})\n`,
    })
  }, E2E_TIMEOUT_MS)
  afterAll(async () => {
    await project.remove()
    await emulator.stop()
  })

  it(
    'is attributed to guardrail, and the run records the custom endpoint',
    async () => {
      const first = await project.run(['run', '--region', 'us-east-1'], env)
      // The run's own output (each step's outcome and error) explains a failure here.
      expect(first.stderr, first.stdout).toBe('')
      expect(first.code).toBe(0)
      const organizations = new OrganizationsClient({
        region: 'us-east-1',
        endpoint: emulator.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      })
      const { Policy } = await organizations.send(
        new CreatePolicyCommand({
          Name: 'no-log-groups',
          Description: 'guardrail',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' }],
          }),
        }),
      )
      const { Roots } = await organizations.send(new ListRootsCommand({}))
      await organizations.send(
        new AttachPolicyCommand({ PolicyId: Policy?.PolicySummary?.Id, TargetId: Roots?.[0]?.Id }),
      )
      const second = await project.run(['run', '--region', 'us-east-1'], env)
      expect(second.code).toBe(1)
      expect(second.stdout).toContain('— cause: guardrail')
      const drift = JSON.parse(await project.read('reports/drift.json'))
      const logs = drift.changes.find((c: { scenario: string }) => c.scenario === 'logs/create-tagged-log-group')
      expect(logs).toMatchObject({ change: 'regression', cause: 'guardrail' })
      expect(logs.causeText).toContain('service control policy')
      const [run] = await project.files('reports/runs')
      expect(JSON.parse(await project.read(run!)).endpoint).toBe(emulator.endpoint)
    },
    E2E_TIMEOUT_MS,
  )
})
