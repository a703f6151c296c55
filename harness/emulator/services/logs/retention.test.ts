/** PutRetentionPolicy / DeleteRetentionPolicy through the real SDK client, with IAM enforced. */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'

describe('CloudWatch Logs retention policies', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const logs = () => new CloudWatchLogsClient(emu.clientConfig(REGION))
  const retentionOf = async (name: string) =>
    (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.[0]?.retentionInDays

  it('Given a log group, PutRetentionPolicy sets what DescribeLogGroups shows and DeleteRetentionPolicy clears it', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'app' }))
    expect(await retentionOf('app')).toBeUndefined()
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 14 }))
    expect(await retentionOf('app')).toBe(14)
    await logs().send(new DeleteRetentionPolicyCommand({ logGroupName: 'app' }))
    expect(await retentionOf('app')).toBeUndefined()
  })

  it('refuses a retention AWS does not offer and a missing log group with the modeled errors', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'app' }))
    const invalid = await failure(
      logs().send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 2 })),
    )
    expect(invalid).toBeInstanceOf(InvalidParameterException)
    expect(invalid.message).toMatch(
      /^1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, .*, 3653\]$/,
    )
    const missing = await failure(
      logs().send(new PutRetentionPolicyCommand({ logGroupName: 'nope', retentionInDays: 7 })),
    )
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect(missing.message).toBe('The specified log group does not exist.')
    const missingDelete = await failure(logs().send(new DeleteRetentionPolicyCommand({ logGroupName: 'nope' })))
    expect(missingDelete).toBeInstanceOf(ResourceNotFoundException)
  })

  it('is authorized as logs:PutRetentionPolicy on the log group', async () => {
    const session = await minimalSession(emu, policy(allowStatement('logs:CreateLogGroup')), { region: REGION })
    const minimal = new CloudWatchLogsClient(emu.clientConfig(REGION, session.credentials))
    await minimal.send(new CreateLogGroupCommand({ logGroupName: 'app' }))
    const denied = await failure(
      minimal.send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 7 })),
    )
    expect(denied.name).toBe('AccessDeniedException')
    // Wording: IAM UG troubleshoot_access-denied (aws-facts §8), as authz/denial-message.ts writes it.
    expect(denied.message).toMatch(/^User: arn:aws:sts::\d{12}:assumed-role\/harness-minimal\/[^ ]+ is not authorized/)
    expect(denied.message).toContain(
      `is not authorized to perform: logs:PutRetentionPolicy on resource: arn:aws:logs:${REGION}:${session.accountId}:` +
        'log-group:app:log-stream: because no identity-based policy allows the logs:PutRetentionPolicy action',
    )
  })
})
