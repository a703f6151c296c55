/**
 * classify* against real SDK errors from the embedded emulator over HTTP: the kinds a run records for the
 * 2022 tag-on-create denials, an opt-in region that is not enabled, and an injected throttle.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession } from '../emulator/authz/test-fixtures.js'
import { latestAmazonLinuxImageId } from '../emulator/services/ec2/images.js'
import { withEmulator } from '../emulator/testing.js'
import { classifySuccess, classifyThrown } from './classify.js'
import type { Outcome } from './types.js'

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return classifySuccess(await call(), 1)
  } catch (error) {
    return classifyThrown(error, 1)
  }
}

describe('classify, on errors from the emulator', () => {
  const emu = withEmulator({
    date: '2022-12-28T00:00:00Z',
    faults: [{ service: 'logs', operation: 'DescribeLogGroups', fault: 'throttle' }],
  })

  it('records the 2022 Logs and ECR tag-on-create denials, an allowed call, a disabled region and a throttle', async () => {
    const { accountId, credentials } = await minimalSession(
      emu,
      allow(['logs:CreateLogGroup', 'logs:DescribeLogGroups', 'ecr:CreateRepository', 'ec2:RunInstances']),
      { region: 'ca-central-1' },
    )
    const logs = new CloudWatchLogsClient(emu.clientConfig('ca-central-1', credentials))
    const tags = { team: 'harness' }

    const logsDenied = await outcomeOf(() => logs.send(new CreateLogGroupCommand({ logGroupName: 'lg-a', tags })))
    expect(logsDenied).toMatchObject({
      kind: 'denied',
      errorName: 'AccessDeniedException',
      httpStatus: 400,
      denied: { principal: accountId, reason: 'tag-on-create' },
    })
    const asks = logsDenied.kind === 'denied' ? logsDenied.denied : undefined
    expect(asks?.action ?? asks?.actionCandidates?.[0]).toBe('logs:TagResource')
    expect(logsDenied.kind === 'denied' && logsDenied.requestId).toBeTruthy()

    const ecr = new ECRClient(emu.clientConfig('ca-central-1', credentials))
    const ecrDenied = await outcomeOf(() =>
      ecr.send(new CreateRepositoryCommand({ repositoryName: 'repo-a', tags: [{ Key: 'team', Value: 'harness' }] })),
    )
    expect(ecrDenied).toMatchObject({
      kind: 'denied',
      errorName: 'AccessDeniedException',
      denied: { action: 'ecr:TagResource', reason: 'no identity-based policy allows', policyType: 'identity-based' },
    })

    const untagged = await outcomeOf(() => logs.send(new CreateLogGroupCommand({ logGroupName: 'lg-b' })))
    expect(untagged).toMatchObject({ kind: 'allowed' })
    expect(untagged.kind === 'allowed' && untagged.requestId).toBeTruthy()

    const ec2 = new EC2Client(emu.clientConfig('ca-central-1', credentials))
    const launch = (withTags: boolean) =>
      ec2.send(
        new RunInstancesCommand({
          ImageId: latestAmazonLinuxImageId('ca-central-1', 'al2023-ami-kernel-default-x86_64'),
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          DryRun: true,
          ...(withTags
            ? { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'h' }] }] }
            : {}),
        }),
      )
    expect(await outcomeOf(() => launch(false))).toMatchObject({ kind: 'allowed', dryRun: true })
    const ec2Denied = await outcomeOf(() => launch(true))
    expect(ec2Denied).toMatchObject({ kind: 'denied', errorName: 'UnauthorizedOperation', httpStatus: 403 })
    const ec2Details = ec2Denied.kind === 'denied' ? ec2Denied.denied : undefined
    // EC2 names the action only in its verbose (2024+) form; before that only the encoded blob says what was denied.
    expect(ec2Details?.action === 'ec2:CreateTags' || ec2Details?.encodedMessage !== undefined).toBe(true)

    const hongKong = new CloudWatchLogsClient(emu.clientConfig('ap-east-1', credentials))
    const notReady = await outcomeOf(() => hongKong.send(new CreateLogGroupCommand({ logGroupName: 'lg-c' })))
    expect(notReady.kind).toBe('region-not-ready')

    const throttled = await outcomeOf(() => logs.send(new DescribeLogGroupsCommand({})))
    expect(throttled).toMatchObject({ kind: 'throttled', attempts: 1 })

    for (const outcome of [logsDenied, ecrDenied, notReady, throttled]) {
      expect(JSON.stringify(outcome)).not.toContain(credentials.secretAccessKey)
      expect(JSON.stringify(outcome)).not.toContain(credentials.sessionToken!)
    }
  })
})
