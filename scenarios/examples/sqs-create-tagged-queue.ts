// Creating a tagged SQS queue: "To be able to tag a queue on creation, you must have the
// sqs:CreateQueue and sqs:TagQueue permissions" (CreateQueue API reference).
import { CreateQueueCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 'sqs/create-tagged-queue',
  description: 'CreateQueue with tags (tag-on-create: sqs:TagQueue)',
  async run({ client, uniqueName, tags, step, onCleanup }) {
    const sqs = client(SQSClient)
    const QueueName = uniqueName('harness-q')
    const created = await step('CreateQueue', () => sqs.send(new CreateQueueCommand({ QueueName, tags })))
    const QueueUrl = created.value?.QueueUrl
    if (QueueUrl) onCleanup((admin) => admin(SQSClient).send(new DeleteQueueCommand({ QueueUrl })))
  },
})
