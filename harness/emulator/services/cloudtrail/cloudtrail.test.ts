/** CloudTrail LookupEvents through the real SDK client over calls recorded by the emulator. */
import {
  CloudTrailClient,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail'
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { controlHeaders, deliverCloudTrail, failure, withEmulator } from '../../testing.js'

const REGION = 'ca-central-1'

describe('CloudTrail LookupEvents', () => {
  const emu = withEmulator()
  const trail = (region = REGION) => new CloudTrailClient(emu.clientConfig(region))
  const logs = () => new CloudWatchLogsClient(emu.clientConfig(REGION))

  it('returns a failed Logs call with its errorCode, newest first', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'trail' }))
    await failure(logs().send(new DeleteLogGroupCommand({ logGroupName: 'missing' })))
    await deliverCloudTrail(emu)
    const { Events } = await trail().send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'logs.amazonaws.com' }],
      }),
    )
    expect(Events!.map((e) => e.EventName)).toEqual(['DeleteLogGroup', 'CreateLogGroup'])
    const [failed] = Events!
    expect(failed).toMatchObject({
      EventSource: 'logs.amazonaws.com',
      ReadOnly: 'false',
      AccessKeyId: 'test',
      Username: 'admin',
    })
    expect(failed!.EventTime).toBeInstanceOf(Date)
    const record = JSON.parse(failed!.CloudTrailEvent!)
    expect(record).toMatchObject({
      eventName: 'DeleteLogGroup',
      eventSource: 'logs.amazonaws.com',
      awsRegion: REGION,
      errorCode: 'ResourceNotFoundException',
      errorMessage: 'The specified log group does not exist.',
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: '111111111111',
      requestParameters: { logGroupName: 'missing' },
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/admin' },
    })
    expect(record.eventID).toBe(failed!.EventId)
  })

  it('prefixes EC2 error codes with Client.', async () => {
    const ec2 = new EC2Client(emu.clientConfig(REGION))
    await failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))
    await deliverCloudTrail(emu)
    const { Events } = await trail().send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'TerminateInstances' }],
      }),
    )
    expect(Events).toHaveLength(1)
    const record = JSON.parse(Events![0]!.CloudTrailEvent!)
    expect(record.errorCode).toBe('Client.InvalidInstanceID.NotFound')
    expect(record.eventSource).toBe('ec2.amazonaws.com')
  })

  it('filters by ReadOnly, ResourceName and time range, and scopes to the region', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'scoped' }))
    await deliverCloudTrail(emu)
    const arn = `arn:aws:logs:${REGION}:111111111111:log-group:scoped`
    const byResource = await trail().send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }] }),
    )
    expect(byResource.Events!.map((e) => e.EventName)).toEqual(['CreateLogGroup'])
    expect(byResource.Events![0]!.Resources).toEqual([{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: arn }])
    const writes = await trail().send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] }),
    )
    expect(writes.Events!.every((e) => e.ReadOnly === 'false')).toBe(true)
    const past = await trail().send(new LookupEventsCommand({ EndTime: new Date('2000-01-01T00:00:00Z') }))
    expect(past.Events).toEqual([])
    const elsewhere = await trail('us-west-1').send(new LookupEventsCommand({}))
    expect(elsewhere.Events!.some((e) => e.EventName === 'CreateLogGroup')).toBe(false)
  })

  it('pages with MaxResults and NextToken without repeating events', async () => {
    for (const name of ['p1', 'p2', 'p3']) await logs().send(new CreateLogGroupCommand({ logGroupName: name }))
    await deliverCloudTrail(emu)
    const filter = { LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'CreateLogGroup' }] }
    const first = await trail().send(new LookupEventsCommand({ ...filter, MaxResults: 2 }))
    expect(first.Events).toHaveLength(2)
    expect(first.NextToken).toBeDefined()
    const second = await trail().send(new LookupEventsCommand({ ...filter, MaxResults: 2, NextToken: first.NextToken }))
    expect(second.Events).toHaveLength(1)
    expect(second.NextToken).toBeUndefined()
    const groups = [...first.Events!, ...second.Events!].map(
      (e) => JSON.parse(e.CloudTrailEvent!).requestParameters.logGroupName,
    )
    expect(groups).toEqual(['p3', 'p2', 'p1'])
  })

  it('returns an event only once CloudTrail has delivered it (minutes after the call, not at once)', async () => {
    // An hour's delay (3.6 s here) keeps the first lookup well inside it however slow the machine.
    await fetch(`${emu.endpoint}/_emulator/config`, {
      method: 'POST',
      headers: controlHeaders(emu.controlToken),
      body: JSON.stringify({ durations: { cloudTrailDeliveryMs: 3_600_000 } }),
    })
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'late' }))
    const lookup = () =>
      trail().send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateLogGroup' }],
        }),
      )
    expect((await lookup()).Events).toEqual([])
    await deliverCloudTrail(emu)
    expect((await lookup()).Events).toHaveLength(1)
  })

  it('rejects an invalid lookup attribute key and MaxResults above 50', async () => {
    const badKey = await failure(
      trail().send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Colour' as never, AttributeValue: 'x' }] }),
      ),
    )
    expect(badKey).toBeInstanceOf(InvalidLookupAttributesException)
    expect(badKey.$metadata.httpStatusCode).toBe(400)
    const tooMany = await failure(trail().send(new LookupEventsCommand({ MaxResults: 51 })))
    expect(tooMany).toBeInstanceOf(InvalidMaxResultsException)
  })
})
