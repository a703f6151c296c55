// A CloudFormation stack with stack tags: CloudFormation tags each resource with the caller's
// permissions. Since September 4, 2020 (new accounts; all accounts since February 29, 2024) a
// resource the caller may not tag fails the stack; for an S3 bucket that is s3:PutBucketTagging.
// The stack's failure is recorded as the step's outcome, with CloudFormation's HandlerErrorCode as
// its name and the failed resource's reason (which quotes the service's denial) as its message.
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation'
import { defineScenario } from '../../harness/index.js'

/** A failed stack as an error the outcome classifier reads like the SDK's own. */
class StackFailed extends Error {
  readonly $metadata = { httpStatusCode: 403 }
  constructor(reason: string) {
    super(reason)
    this.name = /HandlerErrorCode: AccessDenied/.test(reason) ? 'AccessDenied' : 'StackCreateFailed'
  }
}

export default defineScenario({
  name: 'cloudformation/create-tagged-stack',
  description: 'CreateStack of an S3 bucket and an SQS queue with stack tags (tagging with the caller’s permissions)',
  async run({ client, uniqueName, tagList, step, onCleanup }) {
    const cfn = client(CloudFormationClient)
    const StackName = uniqueName('harness-stack')
    const TemplateBody = JSON.stringify({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `${StackName}-bkt` } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `${StackName}-q` } },
      },
    })
    await step('CreateStack', async () => {
      const { StackId } = await cfn.send(new CreateStackCommand({ StackName, TemplateBody, Tags: tagList }))
      onCleanup((admin) => admin(CloudFormationClient).send(new DeleteStackCommand({ StackName: StackId })))
      for (let attempt = 0; attempt < 120; attempt++) {
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: StackId }))
        const status = Stacks?.[0]?.StackStatus ?? ''
        if (status === 'CREATE_COMPLETE') return StackId
        if (!status.endsWith('_IN_PROGRESS')) break
        await new Promise((resolve) => setTimeout(resolve, 5_000))
      }
      const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: StackId }))
      const failed = StackEvents?.find((event) => event.ResourceStatus === 'CREATE_FAILED')
      throw new StackFailed(failed?.ResourceStatusReason ?? `Stack ${StackName} did not reach CREATE_COMPLETE`)
    })
  },
})
