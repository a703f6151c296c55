/** CloudWatch Logs through the real SDK client against the emulator. */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'

const ACCOUNT = '111111111111'
const REGION = 'eu-west-1'

describe('CloudWatch Logs', () => {
  const emu = withEmulator({ date: PINNED_DATE })
  const client = () => new CloudWatchLogsClient(emu.clientConfig(REGION))

  it('creates a tagged log group and describes it with both ARN forms', async () => {
    await client().send(new CreateLogGroupCommand({ logGroupName: '/harness/app', tags: { team: 'core' } }))
    const { logGroups } = await client().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/harness/' }))
    expect(logGroups).toHaveLength(1)
    const [group] = logGroups!
    expect(group!.logGroupName).toBe('/harness/app')
    expect(group!.arn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/harness/app:*`)
    expect(group!.logGroupArn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/harness/app`)
    const created = emu.state.cloudTrail.find((event) => event.eventName === 'CreateLogGroup')!
    expect(group!.creationTime).toBe(created.eventTime.getTime())
    const { tags } = await client().send(new ListTagsLogGroupCommand({ logGroupName: '/harness/app' }))
    expect(tags).toEqual({ team: 'core' })
  })

  it('answers ResourceAlreadyExistsException for a duplicate name', async () => {
    await client().send(new CreateLogGroupCommand({ logGroupName: 'dup' }))
    const error = await failure(client().send(new CreateLogGroupCommand({ logGroupName: 'dup' })))
    expect(error).toBeInstanceOf(ResourceAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('The specified log group already exists')
  })

  it.each([
    ['bad name!', 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+'],
    ['x'.repeat(513), 'Member must have length less than or equal to 512'],
    ['aws/reserved', 'Log groups starting with AWS/ are reserved for AWS.'],
  ])('rejects the name %#', async (logGroupName, expected) => {
    const error = await failure(client().send(new CreateLogGroupCommand({ logGroupName })))
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toContain(expected)
  })

  it('rejects a missing name with InvalidParameterException and a non-string one with SerializationException', async () => {
    const missing = await failure(client().send(new CreateLogGroupCommand({} as never)))
    expect(missing).toBeInstanceOf(InvalidParameterException)
    expect(missing.message).toBe(
      "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    )
    // A wrong JSON type fails deserialization, before validation (see core/wire-types.ts).
    const wrongType = await failure(client().send(new CreateLogGroupCommand({ logGroupName: 5 as never })))
    expect(wrongType.name).toBe('SerializationException')
    expect(wrongType.$metadata.httpStatusCode).toBe(400)
    expect(wrongType.message).toBe('NUMBER_VALUE can not be converted to a String')
  })

  it('rejects more than 50 tags', async () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    const error = await failure(client().send(new CreateLogGroupCommand({ logGroupName: 'many', tags })))
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(error.message).toContain('Member must have length less than or equal to 50')
  })

  it('deletes a log group, and a second delete is ResourceNotFoundException', async () => {
    await client().send(new CreateLogGroupCommand({ logGroupName: 'gone' }))
    await client().send(new DeleteLogGroupCommand({ logGroupName: 'gone' }))
    const error = await failure(client().send(new DeleteLogGroupCommand({ logGroupName: 'gone' })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('The specified log group does not exist.')
  })

  it('pages DescribeLogGroups with limit and nextToken in name order', async () => {
    for (const name of ['c', 'a', 'b']) await client().send(new CreateLogGroupCommand({ logGroupName: name }))
    const first = await client().send(new DescribeLogGroupsCommand({ limit: 2 }))
    expect(first.logGroups!.map((g) => g.logGroupName)).toEqual(['a', 'b'])
    expect(first.nextToken).toBeDefined()
    const second = await client().send(new DescribeLogGroupsCommand({ limit: 2, nextToken: first.nextToken }))
    expect(second.logGroups!.map((g) => g.logGroupName)).toEqual(['c'])
    expect(second.nextToken).toBeUndefined()
  })

  it('tags by ARN and by name, untags, and lists both ways', async () => {
    await client().send(new CreateLogGroupCommand({ logGroupName: 'tagged', tags: { a: '1' } }))
    const resourceArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:tagged`
    await client().send(new TagResourceCommand({ resourceArn, tags: { b: '2' } }))
    await client().send(new TagLogGroupCommand({ logGroupName: 'tagged', tags: { c: '3' } }))
    await client().send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] }))
    const byArn = await client().send(new ListTagsForResourceCommand({ resourceArn }))
    expect(byArn.tags).toEqual({ b: '2', c: '3' })
    const byName = await client().send(new ListTagsLogGroupCommand({ logGroupName: 'tagged' }))
    expect(byName.tags).toEqual({ b: '2', c: '3' })
  })

  it('answers ResourceNotFoundException when tagging a missing log group', async () => {
    const resourceArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:missing`
    const error = await failure(client().send(new TagResourceCommand({ resourceArn, tags: { a: '1' } })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe('The specified log group does not exist.')
  })

  it('keeps log groups per region and lists them as emulator resources', async () => {
    await client().send(new CreateLogGroupCommand({ logGroupName: 'here', tags: { owner: 'me' } }))
    const other = new CloudWatchLogsClient(emu.clientConfig('us-west-2'))
    expect((await other.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([])
    const response = await fetch(`${emu.endpoint}/_emulator/resources`)
    const { resources } = (await response.json()) as { resources: unknown[] }
    expect(resources).toContainEqual({
      accountId: ACCOUNT,
      region: REGION,
      type: 'logs:log-group',
      id: 'here',
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:here`,
      tags: { owner: 'me' },
    })
  })
})

describe('CloudWatch Logs tag keys', () => {
  const emu = withEmulator({ date: PINNED_DATE })
  const client = () => new CloudWatchLogsClient(emu.clientConfig(REGION))

  it.each(['aws:team', 'AWS:Team'])(
    'refuses the reserved prefix in %s on CreateLogGroup, TagResource and TagLogGroup',
    async (key) => {
      // The rule: the Tag Editor user guide's tag naming requirements; the text is ours (FACTS.md: CloudWatch Logs).
      const created = await failure(
        client().send(new CreateLogGroupCommand({ logGroupName: 'g', tags: { [key]: 'x' } })),
      )
      expect(created).toBeInstanceOf(InvalidParameterException)
      expect(created.$metadata.httpStatusCode).toBe(400)
      expect((await client().send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([])
      await client().send(new CreateLogGroupCommand({ logGroupName: 'g' }))
      const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g`
      const byArn = await failure(client().send(new TagResourceCommand({ resourceArn: arn, tags: { [key]: 'x' } })))
      expect(byArn).toBeInstanceOf(InvalidParameterException)
      const byName = await failure(client().send(new TagLogGroupCommand({ logGroupName: 'g', tags: { [key]: 'x' } })))
      expect(byName).toBeInstanceOf(InvalidParameterException)
      expect((await client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({})
    },
  )
})
