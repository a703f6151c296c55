// A log group with a retention policy: PutRetentionPolicy needs logs:PutRetentionPolicy on the group.
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 'logs/log-group-retention',
  description: 'CreateLogGroup (untagged), then PutRetentionPolicy',
  async run({ client, uniqueName, step, onCleanup }) {
    const logs = client(CloudWatchLogsClient)
    const logGroupName = uniqueName('harness-lg')
    const created = await step('CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName })))
    if (!created.ok) return
    onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName })))
    await step('PutRetentionPolicy', () =>
      logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 14 })),
    )
  },
})
