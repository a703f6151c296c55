/** A vended account already used by something else (a StackSet) is found through CloudTrail and said not fresh. */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterEach, describe, expect, it } from 'vitest'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from '../accounts/test-support.js'
import { vendAccount } from '../accounts/vend.js'
import { openAccountSession } from '../credentials/session.js'
import { deliverCloudTrail } from '../emulator/testing.js'
import { defineScenario } from '../index.js'
import { checkPriorUse, notFreshReason } from './prior-use-check.js'
import type { Progress } from './types.js'

const REGION = 'eu-west-1'
const logs = defineScenario({
  name: 'logs/x',
  operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'],
  async run() {},
})
const ecr = defineScenario({ name: 'ecr/x', operations: ['ecr:CreateRepository'], async run() {} })

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

function captureProgress(): Progress & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (text) => lines.push(text),
    warn: (text) => lines.push(text),
    region: (region, text) => lines.push(`[${region}] ${text}`),
    step: () => undefined,
  }
}

describe('checkPriorUse', () => {
  it('marks only the scenario whose operations something else already used there, and says so', async () => {
    fixture = await startProvisioningFixture({ date: '2026-01-10T00:00:00Z' })
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'prior' })
    const session = openAccountSession(fixture.target, account, { runId: 'prior' })
    const stackSet = new CloudWatchLogsClient(session.clientConfig(REGION, session.adminCredentials(REGION)))
    await stackSet.send(new CreateLogGroupCommand({ logGroupName: 'baseline', tags: { owner: 'stackset' } }))

    const progress = captureProgress()
    await deliverCloudTrail(fixture.emulator)
    const prior = await checkPriorUse(session, REGION, [logs, ecr], progress)

    expect([...prior.keys()]).toEqual(['logs/x'])
    expect(
      prior
        .get('logs/x')!
        .map((use) => use.key)
        .sort(),
    ).toEqual([`logs:CreateLogGroup+tags@${REGION}`, `logs:CreateLogGroup@${REGION}`])
    expect(notFreshReason(prior.get('logs/x')!)).toMatch(
      /^already used before this run \(CloudTrail\): logs:CreateLogGroup/,
    )
    expect(progress.lines).toEqual([
      expect.stringMatching(/^\[eu-west-1\] account already used \(CloudTrail\).*logs\/x runs NOT fresh here$/),
    ])
    // Another region of the same account is untouched.
    expect((await checkPriorUse(session, 'us-west-2', [logs, ecr], progress)).size).toBe(0)
  })
})
