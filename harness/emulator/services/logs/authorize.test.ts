/** CloudWatch Logs authorization checks (resource ARN format, tag context keys) through real SDK clients. */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'

describe('CloudWatch Logs authorization checks', () => {
  const emu = withEmulator()

  it('CreateLogGroup is checked on log-group:<name>:log-stream:, so only `<name>:*` policies match', async () => {
    const exact = `arn:aws:logs:${REGION}:*:log-group:app`
    const session = await minimalSession(
      emu,
      policy(allowStatement('logs:CreateLogGroup', [exact, `arn:aws:logs:${REGION}:*:log-group:svc:*`])),
      { region: REGION },
    )
    const logs = new CloudWatchLogsClient(emu.clientConfig(REGION, session.credentials))
    const denied = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'app' })))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.$metadata.httpStatusCode).toBe(400)
    expect(denied.message).toContain(
      `on resource: arn:aws:logs:${REGION}:${session.accountId}:log-group:app:log-stream:`,
    )
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'svc' }))
  })

  it('CreateLogGroup carries aws:RequestTag and aws:TagKeys', async () => {
    const session = await minimalSession(
      emu,
      policy(allowStatement('logs:CreateLogGroup', '*', { StringEquals: { 'aws:RequestTag/team': 'blue' } })),
      { region: REGION },
    )
    const logs = new CloudWatchLogsClient(emu.clientConfig(REGION, session.credentials))
    const denied = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'red', tags: { team: 'red' } })))
    expect(denied.name).toBe('AccessDeniedException')
  })
})
