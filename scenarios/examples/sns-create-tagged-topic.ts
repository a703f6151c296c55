// Creating a tagged SNS topic: "To be able to tag a topic on creation, you must have the
// sns:CreateTopic and sns:TagResource permissions" (CreateTopic API reference).
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 'sns/create-tagged-topic',
  description: 'CreateTopic with tags (tag-on-create: sns:TagResource)',
  async run({ client, uniqueName, tagList, step, onCleanup }) {
    const sns = client(SNSClient)
    const Name = uniqueName('harness-topic')
    const created = await step('CreateTopic', () => sns.send(new CreateTopicCommand({ Name, Tags: tagList })))
    const TopicArn = created.value?.TopicArn
    if (TopicArn) onCleanup((admin) => admin(SNSClient).send(new DeleteTopicCommand({ TopicArn })))
  },
})
