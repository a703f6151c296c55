/** EC2 authorization checks through real SDK clients with a minimal role in a vended member account. */
import {
  CreateTagsCommand,
  EC2Client,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'
import { latestAmazonLinuxImageId } from './images.js'

const REGION = 'eu-west-1'

function launchInput(extra: Partial<RunInstancesCommandInput> = {}): RunInstancesCommandInput {
  return {
    ImageId: latestAmazonLinuxImageId(REGION, 'al2023-ami-kernel-default-x86_64'),
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 1,
    ...extra,
  }
}

const instanceTags = [{ ResourceType: 'instance' as const, Tags: [{ Key: 'team', Value: 'blue' }] }]

describe('EC2 authorization checks', () => {
  const emu = withEmulator()

  it('RunInstances with tags needs ec2:CreateTags with ec2:CreateAction=RunInstances', async () => {
    const onlyRun = await minimalSession(emu, policy(allowStatement('ec2:RunInstances')), { region: REGION })
    const ec2 = new EC2Client(emu.clientConfig(REGION, onlyRun.credentials))
    const denied = await failure(ec2.send(new RunInstancesCommand(launchInput({ TagSpecifications: instanceTags }))))
    expect(denied.name).toBe('UnauthorizedOperation')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    const untagged = await ec2.send(new RunInstancesCommand(launchInput()))
    expect(untagged.Instances).toHaveLength(1)

    const withTags = await minimalSession(
      emu,
      policy(
        allowStatement('ec2:RunInstances'),
        allowStatement('ec2:CreateTags', '*', { StringEquals: { 'ec2:CreateAction': 'RunInstances' } }),
      ),
      { accountId: onlyRun.accountId, region: REGION, roleName: 'with-tags' },
    )
    const tagging = new EC2Client(emu.clientConfig(REGION, withTags.credentials))
    const dryRun = await failure(
      tagging.send(new RunInstancesCommand(launchInput({ TagSpecifications: instanceTags, DryRun: true }))),
    )
    expect(dryRun.name).toBe('DryRunOperation')
    const launched = await tagging.send(new RunInstancesCommand(launchInput({ TagSpecifications: instanceTags })))
    expect(launched.Instances![0]!.Tags).toEqual([{ Key: 'team', Value: 'blue' }])
    // The CreateAction condition limits standalone CreateTags.
    const standalone = await failure(
      tagging.send(
        new CreateTagsCommand({ Resources: [launched.Instances![0]!.InstanceId!], Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    )
    expect(standalone.name).toBe('UnauthorizedOperation')
  })

  it('RunInstances with ImageId resolve:ssm: also needs ssm:GetParameters on the parameter', async () => {
    const imageRef = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'
    const without = await minimalSession(emu, policy(allowStatement('ec2:RunInstances')), { region: REGION })
    const denied = await failure(
      new EC2Client(emu.clientConfig(REGION, without.credentials)).send(
        new RunInstancesCommand(launchInput({ ImageId: imageRef })),
      ),
    )
    expect(denied.name).toBe('UnauthorizedOperation')
    const withSsm = await minimalSession(
      emu,
      policy(
        allowStatement('ec2:RunInstances'),
        allowStatement('ssm:GetParameters', 'arn:aws:ssm:*::parameter/aws/service/*'),
      ),
      { accountId: without.accountId, region: REGION, roleName: 'with-ssm' },
    )
    const ec2 = new EC2Client(emu.clientConfig(REGION, withSsm.credentials))
    const { Instances } = await ec2.send(new RunInstancesCommand(launchInput({ ImageId: imageRef })))
    expect(Instances![0]!.ImageId).toBe(latestAmazonLinuxImageId(REGION, 'al2023-ami-kernel-default-x86_64'))
  })

  it('RunInstances carries ec2:InstanceType on the instance ARN', async () => {
    const session = await minimalSession(
      emu,
      policy(
        allowStatement('ec2:RunInstances', 'arn:aws:ec2:*:*:instance/*', {
          StringEquals: { 'ec2:InstanceType': 't3.micro' },
        }),
        allowStatement('ec2:RunInstances', [
          'arn:aws:ec2:*::image/*',
          'arn:aws:ec2:*:*:subnet/*',
          'arn:aws:ec2:*:*:security-group/*',
          'arn:aws:ec2:*:*:network-interface/*',
          'arn:aws:ec2:*:*:volume/*',
        ]),
      ),
      { region: REGION },
    )
    const ec2 = new EC2Client(emu.clientConfig(REGION, session.credentials))
    expect((await ec2.send(new RunInstancesCommand(launchInput()))).Instances).toHaveLength(1)
    const denied = await failure(ec2.send(new RunInstancesCommand(launchInput({ InstanceType: 't3.small' }))))
    expect(denied.name).toBe('UnauthorizedOperation')
  })

  it('TerminateInstances carries aws:ResourceTag of the instance', async () => {
    const session = await minimalSession(
      emu,
      policy(
        allowStatement(['ec2:RunInstances', 'ec2:CreateTags']),
        allowStatement('ec2:TerminateInstances', '*', { StringEquals: { 'aws:ResourceTag/team': 'blue' } }),
      ),
      { region: REGION },
    )
    const ec2 = new EC2Client(emu.clientConfig(REGION, session.credentials))
    const blue = (await ec2.send(new RunInstancesCommand(launchInput({ TagSpecifications: instanceTags }))))
      .Instances![0]!
    const plain = (await ec2.send(new RunInstancesCommand(launchInput()))).Instances![0]!
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [blue.InstanceId!] }))
    const denied = await failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: [plain.InstanceId!] })))
    expect(denied.name).toBe('UnauthorizedOperation')
  })
})
