/**
 * Implicit denials through real SDK clients that the reason-clause tests don't reach: an SCP level
 * that allows only some actions ("because no service control policy allows …"), and a caller
 * without sts:DecodeAuthorizationMessage asking to decode a message.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { FULL_AWS_ACCESS_POLICY_ID } from '../core/bootstrap.js'
import { ADMIN_CREDENTIALS, PINNED_DATE, type TestEmulator, withEmulator } from '../testing.js'
import { allow, minimalSession, rejection } from './test-fixtures.js'

const sessionArn = (accountId: string) => `arn:aws:sts::${accountId}:assumed-role/harness-minimal/test`

/** Replaces FullAWSAccess on the account with an SCP allowing only `actions`. */
async function restrictAccountScp(emu: TestEmulator, accountId: string, actions: string[]): Promise<void> {
  const org = new OrganizationsClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS))
  const { Policy } = await org.send(
    new CreatePolicyCommand({
      Name: 'allow-some',
      Description: 'test',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify(allow(actions)),
    }),
  )
  await org.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: accountId }))
  await org.send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID, TargetId: accountId }))
}

describe('implicit denials', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('Given an SCP level allowing only logs:CreateLogGroup, then other allowed-by-identity actions are denied by the SCP clause', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    await restrictAccountScp(emu, accountId, ['logs:CreateLogGroup'])
    const logs = new CloudWatchLogsClient(emu.clientConfig('us-east-1', credentials))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'still-allowed' }))
    const denial = await rejection(logs.send(new DescribeLogGroupsCommand({})))
    expect(denial.name).toBe('AccessDeniedException')
    expect(denial.status).toBe(400)
    expect(denial.message).toMatch(
      new RegExp(
        `^User: ${sessionArn(accountId)} is not authorized to perform: logs:DescribeLogGroups on resource: \\S+ ` +
          'because no service control policy allows the logs:DescribeLogGroups action$',
      ),
    )
  })

  it('Given a caller without sts:DecodeAuthorizationMessage, then DecodeAuthorizationMessage is AccessDenied', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    const sts = new STSClient(emu.clientConfig('us-east-1', credentials))
    const denial = await rejection(sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'anything' })))
    expect(denial.name).toBe('AccessDenied')
    expect(denial.status).toBe(403)
    expect(denial.message).toMatch(
      new RegExp(
        `^User: ${sessionArn(accountId)} is not authorized to perform: sts:DecodeAuthorizationMessage( on resource: \\S+)? ` +
          'because no identity-based policy allows the sts:DecodeAuthorizationMessage action$',
      ),
    )
  })
})
