/**
 * What counts as use, seen from both sides over real SDK calls: harness's run ledger (the usage
 * recorder) and the emulator's timeline freshness must agree, a denied call must count on neither,
 * and CloudTrail (LookupEvents) must show use by something other than harness.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterEach, describe, expect, it } from 'vitest'
import { findPriorUse } from '../accounts/prior-use.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from '../accounts/test-support.js'
import type { AccountSession } from '../accounts/types.js'
import { vendAccount } from '../accounts/vend.js'
import { createHarnessRole } from '../credentials/harness-role.js'
import { openAccountSession } from '../credentials/session.js'
import { deliverCloudTrail } from '../emulator/testing.js'
import { changeApplies } from '../emulator/timeline/active-changes.js'
import { AWS_HISTORY } from '../emulator/timeline/aws-history.js'
import { clientFactory, runUsageOf } from './provision.js'

const REGION = 'ca-central-1'
const LOGS_TAG_ON_CREATE = AWS_HISTORY.find((c) => c.id === 'aws-2022-logs-create-log-group-tag-on-create')!
// Only what STS needs: every Logs call by the minimal role is denied.
const NOTHING_FOR_LOGS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' }],
})
const WANTED = new Map([[REGION, ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags']]])

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

/**
 * A vended account with the minimal role, pinned before the 2022 Logs tag-on-create change reached the
 * region (2022-11-10): AWS exempts accounts that used the operation there BEFORE a change arrives.
 */
async function openSession(): Promise<{ fx: ProvisioningFixture; session: AccountSession }> {
  fixture = await startProvisioningFixture({ date: '2022-10-01T00:00:00Z', durations: { iamPropagationMs: 300_000 } })
  const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'usage' })
  const session = openAccountSession(fixture.target, account, { runId: 'usage' })
  await createHarnessRole(session, { roleName: 'harness-minimal-usage', policyDocument: NOTHING_FOR_LOGS, tags: {} })
  return { fx: fixture, session }
}

/** Whether the emulator will apply the change to this account once it has arrived: it does only to fresh ones. */
function emulatorSaysFresh(fx: ProvisioningFixture, session: AccountSession): boolean {
  return changeApplies(fx.emulator.state, LOGS_TAG_ON_CREATE, {
    accountId: session.account.accountId,
    region: REGION,
    now: new Date('2022-12-01T00:00:00Z'),
    operation: 'logs:CreateLogGroup',
  })
}

const createTagged = (name: string) => new CreateLogGroupCommand({ logGroupName: name, tags: { team: 'a' } })

describe('usage: what counts as use', () => {
  it('a denied call is use for neither harness nor the emulator, and CloudTrail shows it as not used', async () => {
    const { fx, session } = await openSession()
    const logs = clientFactory(session, REGION, 'minimal')(CloudWatchLogsClient)
    await expect(logs.send(createTagged('denied'))).rejects.toMatchObject({ name: 'AccessDeniedException' })

    expect([...runUsageOf(session).keys()].filter((key) => key.startsWith('logs:'))).toEqual([])
    expect(emulatorSaysFresh(fx, session)).toBe(true)
    await deliverCloudTrail(fx.emulator) // CloudTrail shows calls minutes later, denied ones with an errorCode
    expect(await findPriorUse(session, WANTED)).toEqual([])
  })

  it('a successful tagged call is use for both, with its +tags form, and CloudTrail shows it', async () => {
    const { fx, session } = await openSession()
    const logs = clientFactory(session, REGION, 'admin')(CloudWatchLogsClient)
    await logs.send(createTagged('allowed'))

    expect([...runUsageOf(session).keys()].filter((key) => key.startsWith('logs:')).sort()).toEqual([
      `logs:CreateLogGroup+tags@${REGION}`,
      `logs:CreateLogGroup@${REGION}`,
    ])
    expect(emulatorSaysFresh(fx, session)).toBe(false)
    await deliverCloudTrail(fixture!.emulator)
    const found = await findPriorUse(session, WANTED)
    expect(found.map((f) => f.key).sort()).toEqual([
      `logs:CreateLogGroup+tags@${REGION}`,
      `logs:CreateLogGroup@${REGION}`,
    ])
  })

  it('finds use by something other than harness (a StackSet, Config) that the run ledger never saw', async () => {
    const { session } = await openSession()
    // Not through harness's client factory: as an organization-wide StackSet would, untagged.
    const other = new CloudWatchLogsClient(session.clientConfig(REGION, session.adminCredentials(REGION)))
    await other.send(new CreateLogGroupCommand({ logGroupName: 'from-a-stackset' }))

    expect(runUsageOf(session).size).toBe(0)
    await deliverCloudTrail(fixture!.emulator)
    const found = await findPriorUse(session, WANTED)
    expect(found).toEqual([
      expect.objectContaining({
        key: `logs:CreateLogGroup@${REGION}`,
        by: expect.stringContaining('OrganizationAccountAccessRole'),
      }),
    ])
  })
})
