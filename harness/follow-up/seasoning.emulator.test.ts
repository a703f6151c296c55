/**
 * What blast radius relies on, checked through the real SDK on the emulator: an administrator's successful
 * call seasons the account for that (operation, region) like any principal's, but only a use from BEFORE a
 * "never used" rollout reached the region exempts it (seed 000: "will not be required for existing accounts
 * that previously used CreateLogGroup API with tags"). So the run's own account, seasoned after the change,
 * cannot stand for an existing customer; an account kept from before the change can.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession, rejection, setClock, waitForPolicy } from '../emulator/authz/test-fixtures.js'
import { memberAdmin } from '../emulator/test-accounts.js'
import { type TestCredentials, type TestEmulator, withEmulator } from '../emulator/testing.js'

const createTaggedLogGroup = (emu: TestEmulator, credentials: TestCredentials, name: string) =>
  new CloudWatchLogsClient(emu.clientConfig('ca-central-1', credentials)).send(
    new CreateLogGroupCommand({ logGroupName: name, tags: { team: 'harness' } }),
  )

describe('seasoning an account for the 2022 Logs rollout (ca-central-1, 2022-11-10)', () => {
  const emu = withEmulator({ date: '2022-11-01T00:00:00Z' })
  const policy = allow(['logs:CreateLogGroup'])

  it('an administrator’s tagged CreateLogGroup before the rollout exempts the account’s minimal role after it', async () => {
    // Given an account whose administrator created a tagged log group before the rollout
    const seasoned = await minimalSession(emu, policy)
    await createTaggedLogGroup(emu, await memberAdmin(emu, seasoned.accountId), 'admin-before')
    // When the minimal role creates one after the rollout, Then it is allowed
    await setClock(emu, '2022-11-15T00:00:00Z')
    await createTaggedLogGroup(emu, await waitForPolicy(emu, seasoned.roleArn), 'minimal-after')
  })

  it('the same administrator call after the rollout does not: the account is still new to it', async () => {
    await setClock(emu, '2022-11-15T00:00:00Z')
    const late = await minimalSession(emu, policy)
    // The administrator's call succeeds (it holds every permission) and counts as use…
    await createTaggedLogGroup(emu, await memberAdmin(emu, late.accountId), 'admin-after')
    // …but the minimal role is still denied: the account did not use the API before the change arrived
    const denial = await rejection(createTaggedLogGroup(emu, await waitForPolicy(emu, late.roleArn), 'minimal-after'))
    expect(denial.message).toBe(
      `User with accountId: ${late.accountId} is not authorized to perform CreateLogGroup with Tags`,
    )
  })
})
