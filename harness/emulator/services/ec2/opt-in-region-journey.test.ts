/**
 * The "done when" journey for these services: in a vended member account, ap-east-1 fails
 * until enabled; then a minimal role creates a tagged log group, a tagged repository and a tagged
 * instance there, all visible in /_emulator/resources and CloudTrail, and terminating cleans up.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { minimalSession } from '../../authz/test-fixtures.js'
import { enableRegion, vendAccount } from '../../test-accounts.js'
import { deliverCloudTrail, failure, PINNED_DATE, withEmulator } from '../../testing.js'
import { eventually } from './test-helpers.js'

const REGION = 'ap-east-1'
const TAGS = { team: 'harness' }

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:TagResource',
        'ecr:CreateRepository',
        'ecr:TagResource',
        'ssm:GetParameter',
        'ec2:RunInstances',
        'ec2:CreateTags',
        'ec2:DescribeInstances',
        'ec2:TerminateInstances',
        'cloudtrail:LookupEvents',
      ],
      Resource: '*',
    },
  ],
}

describe('a member account in an opt-in region', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  /** Regional resources only: IAM roles of the account are global. */
  async function resources(accountId: string): Promise<Array<{ type: string; region: string; tags: object }>> {
    const body = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as { resources: any[] }
    return body.resources.filter((resource) => resource.accountId === accountId && resource.region === REGION)
  }

  it('fails before EnableRegion, then creates tagged resources that are listed and traced', async () => {
    const accountId = await vendAccount(emu)
    const { credentials } = await minimalSession(emu, POLICY, { accountId })
    const logs = new CloudWatchLogsClient(emu.clientConfig(REGION, credentials))
    const disabled = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'early' })))
    expect(disabled.name).toBe('UnrecognizedClientException')

    await enableRegion(emu, REGION, accountId)
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'harness-lg', tags: TAGS }))
    const ecr = new ECRClient(emu.clientConfig(REGION, credentials))
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'harness-repo', tags: [{ Key: 'team', Value: 'harness' }] }),
    )
    const ssm = new SSMClient(emu.clientConfig(REGION, credentials))
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }),
    )
    const ec2 = new EC2Client(emu.clientConfig(REGION, credentials))
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: Parameter!.Value,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'harness' }] }],
      }),
    )
    const instanceId = run.Instances![0]!.InstanceId!
    await eventually(async () => {
      const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))
      return Reservations![0]!.Instances![0]!.State!.Name === 'running' ? true : undefined
    })

    const live = await resources(accountId)
    expect(live.map((r) => [r.type, r.region, r.tags]).sort()).toEqual([
      ['ec2:instance', REGION, TAGS],
      ['ecr:repository', REGION, TAGS],
      ['logs:log-group', REGION, TAGS],
    ])
    await deliverCloudTrail(emu)
    const trail = new CloudTrailClient(emu.clientConfig(REGION, credentials))
    const { Events } = await trail.send(new LookupEventsCommand({}))
    expect(Events!.map((e) => e.EventName)).toEqual(
      expect.arrayContaining(['CreateLogGroup', 'CreateRepository', 'GetParameter', 'RunInstances']),
    )

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))
    expect((await resources(accountId)).map((r) => r.type).sort()).toEqual(['ecr:repository', 'logs:log-group'])
  })
})
