// Running a tagged instance: RunInstances plus ec2:CreateTags for each tagged resource type.
// DryRun by default (DryRunOperation counts as allowed); with --launch it really launches and terminates.
import { EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2'
import { defineScenario } from '../harness/index.js'

export default defineScenario({
  name: 'ec2/run-tagged-instance',
  description: 'RunInstances with TagSpecifications for the instance and its volume',
  operations: ['ec2:RunInstances', 'ec2:RunInstances+tags', 'ec2:TerminateInstances'],
  async run({ client, region, accountId, tagList, facts, launch, step, skip, onCleanup }) {
    const { imageId, instanceType, subnetId } = facts
    if (!imageId || !instanceType) {
      skip('RunInstances', `setup facts missing (AMI: ${imageId ?? 'none'}, instance type: ${instanceType ?? 'none'})`)
      return
    }
    const ec2 = client(EC2Client)
    const launched = await step('RunInstances', () =>
      ec2.send(
        new RunInstancesCommand({
          DryRun: !launch,
          ImageId: imageId,
          InstanceType: instanceType as never,
          SubnetId: subnetId,
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [
            { ResourceType: 'instance', Tags: tagList },
            { ResourceType: 'volume', Tags: tagList },
          ],
        }),
      ),
    )
    if (!launch) return
    const instanceIds = (launched.value?.Instances ?? []).flatMap((instance) => instance.InstanceId ?? [])
    if (instanceIds.length > 0) {
      // Terminate even if the scenario's own TerminateInstances step is denied.
      onCleanup((admin) => admin(EC2Client).send(new TerminateInstancesCommand({ InstanceIds: instanceIds })), {
        arn: instanceIds.map((id) => `arn:aws:ec2:${region}:${accountId}:instance/${id}`),
      })
    }
    await step('TerminateInstances', () => ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds })), {
      dependsOn: 'RunInstances',
    })
  },
})
