/**
 * `harness minimize --target aws`, against a standalone emulator reached through AWS_ENDPOINT_URL (as the
 * other aws-target tests do): it refuses before vending anything when the organization has no room for the
 * probes' accounts. (The search itself in that mode, which real AWS's backoffs make slow here, is tested
 * on the embedded emulator in minimize/calls-mode.test.ts.)
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from '../emulator/server.js'
import { awsEnvFor, createProject, E2E_TIMEOUT_MS, REPO_ROOT } from './cli-project.js'

const WIDE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:*'], Resource: '*' }] }

async function project() {
  const config = {
    target: 'aws',
    scenarios: `${REPO_ROOT}/scenarios/logs-*.ts`,
    policy: 'wide.json',
    accounts: { emailTemplate: 'harness+{id}@example.com' },
  }
  return createProject({
    'harness.config.ts': `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config)})\n`,
    'wide.json': JSON.stringify(WIDE),
  })
}

async function accountCount(emulator: RunningEmulator): Promise<number> {
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  return (await organizations.send(new ListAccountsCommand({}))).Accounts?.length ?? 0
}

describe('harness minimize --target aws', () => {
  it(
    'refuses before vending when the quota cannot hold the probes, saying what is needed',
    async () => {
      // Given an organization with room for two more accounts (quota 3, the management account holds one)
      const emulator = await startEmulator({ port: 0, timeScale: 0.001, maxAccounts: 3 })
      const dir = await project()
      try {
        // The quota on AWS is HARNESS_ACCOUNT_QUOTA (Service Quotas is not a dependency), here the emulator's.
        const env = { ...awsEnvFor(emulator.endpoint), HARNESS_ACCOUNT_QUOTA: '3' }
        const result = await dir.run(['minimize', '--region', 'us-east-1'], env)
        expect(result.code).toBe(3)
        expect(result.stderr).toMatch(/vends a brand-new account for every probe .*: at least 3/)
        expect(result.stderr).toMatch(/its quota is 3, so only 2 can be vended\. Raise the account quota/)
        expect(await accountCount(emulator)).toBe(1)
      } finally {
        await dir.remove()
        await emulator.stop()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
