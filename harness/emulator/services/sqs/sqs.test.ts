/** SQS through the real SDK v3 client (awsJson1_0): queues, tags, modeled errors, tag-on-create IAM. */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  ListQueuesCommand,
  ListQueueTagsCommand,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy, setClock } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ACCOUNT = '111111111111'

describe('SQS queues', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const sqs = () => new SQSClient(emu.clientConfig(REGION))

  it('Given CreateQueue with tags, the queue is found, listed, described, tagged and deleted', async () => {
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'jobs', tags: { team: 'blue' } }))
    expect(QueueUrl).toBe(`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs`)
    expect((await sqs().send(new GetQueueUrlCommand({ QueueName: 'jobs' }))).QueueUrl).toBe(QueueUrl)
    expect((await sqs().send(new ListQueuesCommand({}))).QueueUrls).toEqual([QueueUrl])
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))
    expect(Attributes).toMatchObject({ QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`, VisibilityTimeout: '30' })
    await sqs().send(new TagQueueCommand({ QueueUrl, Tags: { env: 'dev' } }))
    await sqs().send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team'] }))
    expect((await sqs().send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'dev' })
    const listed = JSON.stringify(await (await fetch(`${emu.endpoint}/_emulator/resources`)).json())
    expect(listed).toContain(`"arn":"arn:aws:sqs:${REGION}:${ACCOUNT}:jobs"`)
    await sqs().send(new DeleteQueueCommand({ QueueUrl }))
    expect((await sqs().send(new ListQueuesCommand({}))).QueueUrls).toBeUndefined()
  })

  it('is idempotent for the same attributes and refuses different ones', async () => {
    const first = await sqs().send(new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '10' } }))
    const again = await sqs().send(new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '10' } }))
    expect(again.QueueUrl).toBe(first.QueueUrl)
    const exists = await failure(
      sqs().send(new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '20' } })),
    )
    expect(exists).toBeInstanceOf(QueueNameExists)
    expect(exists.message).toBe(
      'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    )
  })

  it('answers modeled errors the SDK recognizes', async () => {
    const missing = await failure(sqs().send(new GetQueueUrlCommand({ QueueName: 'nope' })))
    expect(missing).toBeInstanceOf(QueueDoesNotExist)
    expect(missing.message).toBe('The specified queue does not exist.')
    expect(missing.$metadata.httpStatusCode).toBe(400)
    const badAttribute = await failure(
      sqs().send(new CreateQueueCommand({ QueueName: 'a', Attributes: { Colour: 'red' } as never })),
    )
    expect(badAttribute).toBeInstanceOf(InvalidAttributeName)
    const badName = await failure(sqs().send(new CreateQueueCommand({ QueueName: 'has space' })))
    expect(badName.name).toBe('InvalidParameterValue')
    expect(badName.message).toBe('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length')
  })

  it('CreateQueue with tags needs sqs:TagQueue too', async () => {
    const session = await minimalSession(emu, policy(allowStatement('sqs:CreateQueue')), { region: REGION })
    const minimal = new SQSClient(emu.clientConfig(REGION, session.credentials))
    await minimal.send(new CreateQueueCommand({ QueueName: 'plain' }))
    const denied = await failure(minimal.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'blue' } })))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    // Source of the rule: services/sqs/authorize.ts; wording: IAM UG troubleshoot_access-denied.
    expect(denied.message).toContain(
      `is not authorized to perform: sqs:TagQueue on resource: arn:aws:sqs:${REGION}:${session.accountId}:tagged ` +
        'because no identity-based policy allows the sqs:TagQueue action',
    )
  })
})

describe('SQS 60-second wait after DeleteQueue', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z', timeScale: 1 })

  it('refuses a same-name queue until 60 simulated seconds have passed', async () => {
    const sqs = new SQSClient(emu.clientConfig(REGION))
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'again' }))
    await sqs.send(new DeleteQueueCommand({ QueueUrl }))
    const early = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'again' })))
    expect(early).toBeInstanceOf(QueueDeletedRecently)
    await setClock(emu, new Date(emu.state.clock.now().getTime() + 61_000).toISOString())
    await sqs.send(new CreateQueueCommand({ QueueName: 'again' }))
  })
})
