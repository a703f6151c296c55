// Creating a tagged log group: since late 2022 a fresh account also needs a tag permission for this.
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from '../harness/index.js'

export default defineScenario({
  name: 'logs/create-tagged-log-group',
  description: 'CreateLogGroup with tags (tag-on-create: logs:TagResource or logs:TagLogGroup)',
  operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'],
  async run({ client, region, accountId, uniqueName, tags, step, onCleanup }) {
    const logs = client(CloudWatchLogsClient)
    // Named inside the step, so each re-check of a denial uses a fresh name.
    const created = await step('CreateLogGroup', async () => {
      const logGroupName = uniqueName('harness-lg')
      await logs.send(new CreateLogGroupCommand({ logGroupName, tags }))
      return logGroupName
    })
    const logGroupName = created.value
    if (created.ok && logGroupName) {
      // The ARN goes to the run journal, so a run killed before cleanup leaves it for `harness sweep`.
      onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName })), {
        arn: `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`,
      })
    }
  },
})
