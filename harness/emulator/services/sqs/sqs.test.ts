/** SQS through the real SDK v3 client (awsJson1_0): queues, tags, modeled errors, tag-on-create IAM. */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  InvalidAttributeValue,
  ListQueuesCommand,
  ListQueueTagsCommand,
  type QueueAttributeName,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
  SetQueueAttributesCommand,
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

/** Values outside the API reference's "Valid values" (FACTS.md: SQS, InvalidAttributeValue, integer attributes: our text in AWS's form). */
const INVALID_VALUES: Array<[QueueAttributeName, string]> = [
  ['VisibilityTimeout', '-1'],
  ['VisibilityTimeout', '43201'],
  ['MessageRetentionPeriod', '59'],
  ['MessageRetentionPeriod', '1209601'],
  ['MaximumMessageSize', '1023'],
  ['MaximumMessageSize', '1048577'],
  ['DelaySeconds', '901'],
  ['ReceiveMessageWaitTimeSeconds', '21'],
  ['KmsDataKeyReusePeriodSeconds', '59'],
  ['VisibilityTimeout', 'thirty'],
  ['DelaySeconds', ''],
  ['DelaySeconds', '1.5'],
  ['MaximumMessageSize', ' 2048'],
]

const LARGEST_VALUES = {
  VisibilityTimeout: '43200',
  MessageRetentionPeriod: '1209600',
  MaximumMessageSize: '1048576',
  DelaySeconds: '900',
  ReceiveMessageWaitTimeSeconds: '20',
}

describe('SQS queue attribute values', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const sqs = () => new SQSClient(emu.clientConfig(REGION))

  it.each(INVALID_VALUES)(
    'Given %s=%j, CreateQueue and SetQueueAttributes answer InvalidAttributeValue',
    async (name, value) => {
      const Attributes = { [name]: value }
      const created = await failure(sqs().send(new CreateQueueCommand({ QueueName: 'bad', Attributes })))
      expect(created).toBeInstanceOf(InvalidAttributeValue)
      expect(created.$metadata.httpStatusCode).toBe(400)
      expect(created.message).toBe(`Invalid value for the parameter ${name}.`)
      const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'good' }))
      const set = await failure(sqs().send(new SetQueueAttributesCommand({ QueueUrl, Attributes })))
      expect(set).toBeInstanceOf(InvalidAttributeValue)
      const { Attributes: after } = await sqs().send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
      )
      expect(after?.[name]).not.toBe(value)
      expect((await sqs().send(new ListQueuesCommand({}))).QueueUrls).toEqual([QueueUrl])
    },
  )

  it('accepts the bounds of every range, on create and on set', async () => {
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'edges', Attributes: LARGEST_VALUES }))
    const smallest = {
      VisibilityTimeout: '0',
      MessageRetentionPeriod: '60',
      MaximumMessageSize: '1024',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
    }
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl, Attributes: smallest }))
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))
    expect(Attributes).toMatchObject(smallest)
  })

  it('refuses messages over 256 KiB on a day before SQS raised the ceiling to 1 MiB (2025-08-04; review)', async () => {
    await setClock(emu, '2025-08-03T12:00:00Z')
    const over = { MaximumMessageSize: '262145' }
    expect(await failure(sqs().send(new CreateQueueCommand({ QueueName: 'before', Attributes: over })))).toMatchObject({
      name: 'InvalidAttributeValue',
    })
    await sqs().send(new CreateQueueCommand({ QueueName: 'before', Attributes: { MaximumMessageSize: '262144' } }))
    await setClock(emu, '2025-08-04T00:00:00Z')
    await sqs().send(new CreateQueueCommand({ QueueName: 'after', Attributes: over }))
  })

  it("refuses a Policy or RedrivePolicy that is not a JSON object, with AWS's texts", async () => {
    // Texts: FACTS.md, SQS (InvalidAttributeValue, Policy and RedrivePolicy rows).
    for (const Policy of ['{not json', '[]', '"text"']) {
      const bad = await failure(sqs().send(new CreateQueueCommand({ QueueName: 'p', Attributes: { Policy } })))
      expect(bad).toBeInstanceOf(InvalidAttributeValue)
      expect(bad.message).toBe('Invalid value for the parameter Policy.')
    }
    const redrive = await failure(
      sqs().send(new CreateQueueCommand({ QueueName: 'r', Attributes: { RedrivePolicy: 'maxReceiveCount=3' } })),
    )
    expect(redrive).toBeInstanceOf(InvalidAttributeValue)
    expect(redrive.message).toBe(
      'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.',
    )
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [] })
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'p', Attributes: { Policy } }))
    expect(
      (await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes,
    ).toEqual({
      Policy,
    })
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: '' } }))
    expect(
      (await sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes,
    ).toBeUndefined()
  })

  it('SetQueueAttributes keeps the queue type: FifoQueue is unknown on a standard queue, fixed on a FIFO one', async () => {
    const standard = await sqs().send(new CreateQueueCommand({ QueueName: 'std' }))
    const unknown = await failure(
      sqs().send(new SetQueueAttributesCommand({ QueueUrl: standard.QueueUrl, Attributes: { FifoQueue: 'true' } })),
    )
    expect(unknown).toBeInstanceOf(InvalidAttributeName)
    expect(unknown.message).toBe('Unknown Attribute FifoQueue.')
    const fifo = await sqs().send(new CreateQueueCommand({ QueueName: 'f.fifo', Attributes: { FifoQueue: 'true' } }))
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl: fifo.QueueUrl, Attributes: { FifoQueue: 'true' } }))
    const change = await failure(
      sqs().send(new SetQueueAttributesCommand({ QueueUrl: fifo.QueueUrl, Attributes: { FifoQueue: 'false' } })),
    )
    expect(change).toBeInstanceOf(InvalidAttributeValue)
    expect(change.message).toBe(
      'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    )
  })

  it('SetQueueAttributes needs sqs:SetQueueAttributes on the queue', async () => {
    const session = await minimalSession(emu, policy(allowStatement('sqs:CreateQueue')), { region: REGION })
    const minimal = new SQSClient(emu.clientConfig(REGION, session.credentials))
    const { QueueUrl } = await minimal.send(new CreateQueueCommand({ QueueName: 'owned' }))
    const denied = await failure(
      minimal.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '60' } })),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toContain('is not authorized to perform: sqs:SetQueueAttributes')
  })
})

describe('SQS tag keys', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const sqs = () => new SQSClient(emu.clientConfig(REGION))

  it.each(['aws:team', 'AWS:team'])('refuses the reserved prefix in %s on CreateQueue and TagQueue', async (key) => {
    // The rule: quotas-queues.html ("must not include the reserved prefix aws:"); the text is ours (FACTS.md: SQS).
    const created = await failure(sqs().send(new CreateQueueCommand({ QueueName: 'q', tags: { [key]: 'x' } })))
    expect(created.name).toBe('InvalidParameterValue')
    expect(created.$metadata.httpStatusCode).toBe(400)
    expect(created.message).toContain(key)
    expect((await sqs().send(new ListQueuesCommand({}))).QueueUrls).toBeUndefined()
    const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'q', tags: { team: 'x' } }))
    const tagged = await failure(sqs().send(new TagQueueCommand({ QueueUrl, Tags: { [key]: 'x', env: 'dev' } })))
    expect(tagged.name).toBe('InvalidParameterValue')
    expect((await sqs().send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: 'x' })
  })
})
