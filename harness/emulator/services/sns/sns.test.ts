/** SNS through the real SDK v3 client (awsQuery): topics, tags, modeled errors, tag-on-create IAM. */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  ResourceNotFoundException,
  SNSClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ACCOUNT = '111111111111'

describe('SNS topics', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const sns = () => new SNSClient(emu.clientConfig(REGION))

  it('Given CreateTopic with tags, the topic is described, listed, tagged and deleted', async () => {
    const { TopicArn } = await sns().send(
      new CreateTopicCommand({ Name: 'alerts', Tags: [{ Key: 'team', Value: 'blue' }] }),
    )
    expect(TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`)
    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn }))
    expect(Attributes).toMatchObject({ TopicArn, Owner: ACCOUNT, SubscriptionsConfirmed: '0' })
    expect(JSON.parse(Attributes!.Policy!).Statement[0].Resource).toBe(TopicArn)
    expect((await sns().send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }])
    await sns().send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'dev' }] }))
    await sns().send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team'] }))
    expect((await sns().send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ])
    const listed = JSON.stringify(await (await fetch(`${emu.endpoint}/_emulator/resources`)).json())
    expect(listed).toContain(`"arn":"${TopicArn}"`)
    await sns().send(new DeleteTopicCommand({ TopicArn }))
    expect((await sns().send(new ListTopicsCommand({}))).Topics).toEqual([])
    // Deleting a topic that does not exist is not an error (API_DeleteTopic).
    await sns().send(new DeleteTopicCommand({ TopicArn }))
  })

  it('answers modeled errors the SDK recognizes', async () => {
    const arn = `arn:aws:sns:${REGION}:${ACCOUNT}:missing`
    const notFound = await failure(sns().send(new GetTopicAttributesCommand({ TopicArn: arn })))
    expect(notFound).toBeInstanceOf(NotFoundException)
    expect(notFound.$metadata.httpStatusCode).toBe(404)
    expect(notFound.message).toBe('Topic does not exist')
    const noResource = await failure(sns().send(new ListTagsForResourceCommand({ ResourceArn: arn })))
    expect(noResource).toBeInstanceOf(ResourceNotFoundException)
    const badName = await failure(sns().send(new CreateTopicCommand({ Name: 'has space' })))
    expect(badName).toBeInstanceOf(InvalidParameterException)
    expect(badName.message).toBe('Invalid parameter: Topic Name')
    await sns().send(new CreateTopicCommand({ Name: 't', Tags: [{ Key: 'a', Value: '1' }] }))
    const otherTags = await failure(sns().send(new CreateTopicCommand({ Name: 't', Tags: [{ Key: 'a', Value: '2' }] })))
    expect(otherTags).toBeInstanceOf(InvalidParameterException)
  })

  it('CreateTopic with tags needs sns:TagResource too, denied as AuthorizationError naming SNS:TagResource', async () => {
    const session = await minimalSession(emu, policy(allowStatement('sns:CreateTopic')), { region: REGION })
    const minimal = new SNSClient(emu.clientConfig(REGION, session.credentials))
    await minimal.send(new CreateTopicCommand({ Name: 'plain' }))
    const denied = await failure(
      minimal.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'k', Value: 'v' }] })),
    )
    expect(denied.name).toBe('AuthorizationErrorException')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    // Spelling "SNS:<Action>" as AWS writes it (authz/denial-errors.ts deniedActionAsWritten).
    expect(denied.message).toContain(
      `is not authorized to perform: SNS:TagResource on resource: arn:aws:sns:${REGION}:${session.accountId}:tagged ` +
        'because no identity-based policy allows the SNS:TagResource action',
    )
  })
})

describe('SNS tag keys', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const sns = () => new SNSClient(emu.clientConfig(REGION))

  it.each(['aws:team', 'Aws:team'])('refuses the reserved prefix in %s on CreateTopic and TagResource', async (Key) => {
    // The rule: the Tag Editor user guide's tag naming requirements; the reason text is ours (FACTS.md: SNS).
    const created = await failure(sns().send(new CreateTopicCommand({ Name: 't', Tags: [{ Key, Value: 'x' }] })))
    expect(created).toBeInstanceOf(InvalidParameterException)
    expect(created.$metadata.httpStatusCode).toBe(400)
    expect(created.message).toMatch(/^Invalid parameter: Tags Reason: /)
    expect((await sns().send(new ListTopicsCommand({}))).Topics).toEqual([])
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 't' }))
    const tagged = await failure(
      sns().send(
        new TagResourceCommand({
          ResourceArn: TopicArn,
          Tags: [
            { Key: 'env', Value: 'dev' },
            { Key, Value: 'x' },
          ],
        }),
      ),
    )
    expect(tagged).toBeInstanceOf(InvalidParameterException)
    expect((await sns().send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([])
  })
})
