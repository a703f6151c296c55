/**
 * Short-lived management credentials (as CI gets them) expire at their Expiration: afterwards every
 * protocol answers with AWS's expired-token error (shared/aws-facts.md §11), so a run that outlives
 * them cannot clean up unless it planned for it.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { asCredentials } from '../../test-accounts.js'
import { advanceClock, failure, withEmulator } from '../../testing.js'

describe('GetSessionToken management credentials', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })

  it('Given a 15-minute session, then it works until Expiration and then gets ExpiredToken / ExpiredTokenException', async () => {
    const issued = await new STSClient(emu.clientConfig()).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))
    const record = emu.state.credentials.get(issued.Credentials!.AccessKeyId!)!
    expect(record.expiresAt!.getTime() - record.issuedAt.getTime()).toBe(900_000)
    expect(issued.Credentials?.Expiration?.getTime()).toBe(record.expiresAt!.getTime())
    const session = asCredentials(issued.Credentials)
    const who = await new STSClient(emu.clientConfig('us-east-1', session)).send(new GetCallerIdentityCommand({}))
    expect(who.Arn).toBe('arn:aws:iam::111111111111:user/admin')
    await new OrganizationsClient(emu.clientConfig('us-east-1', session)).send(new ListAccountsCommand({}))

    await advanceClock(emu, 900_000)
    const query = await failure(
      new STSClient(emu.clientConfig('us-east-1', session)).send(new GetCallerIdentityCommand({})),
    )
    expect({ name: query.name, status: query.$metadata.httpStatusCode }).toEqual({ name: 'ExpiredToken', status: 403 })
    const json = await failure(
      new OrganizationsClient(emu.clientConfig('us-east-1', session)).send(new ListAccountsCommand({})),
    )
    expect(json.name).toBe('ExpiredTokenException')
    const logs = await failure(
      new CloudWatchLogsClient(emu.clientConfig('eu-west-1', session)).send(new DescribeLogGroupsCommand({})),
    )
    expect(logs.message).toBe('The security token included in the request is expired')
  })

  it('Given session credentials, then GetSessionToken is AccessDenied; a duration over 36 h is a ValidationError', async () => {
    const issued = await new STSClient(emu.clientConfig()).send(new GetSessionTokenCommand({}))
    const again = await failure(
      new STSClient(emu.clientConfig('us-east-1', asCredentials(issued.Credentials))).send(
        new GetSessionTokenCommand({}),
      ),
    )
    expect(again.name).toBe('AccessDenied')
    const tooLong = await failure(
      new STSClient(emu.clientConfig()).send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })),
    )
    expect(tooLong.name).toBe('ValidationError')
  })
})
