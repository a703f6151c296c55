/**
 * EC2's encoded denial decoded during the run: a step denied with the pre-2024 message (no action named,
 * only the blob) is recorded with the action, resource and reason STS DecodeAuthorizationMessage gives
 * the account's administrator, through the real SDK against the emulator (date pinned to that era).
 */
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession } from '../emulator/authz/test-fixtures.js'
import { memberAdmin } from '../emulator/test-accounts.js'
import { type TestCredentials, withEmulator } from '../emulator/testing.js'
import { createDenialDecoder } from './decode-denial.js'
import { createScenarioContext } from './scenario-context.js'
import { testRegionRun } from './test-region-run.js'
import type { ClientFactory } from './types.js'

const REGION = 'eu-west-1'

describe('decoding EC2 encoded denials during the run', () => {
  // Before the verbose wording: the message is only "You are not authorized…" plus the blob.
  const emu = withEmulator({ date: '2023-03-01T00:00:00Z' })
  const factory =
    (credentials: TestCredentials): ClientFactory =>
    (Client) =>
      new Client(emu.clientConfig(REGION, credentials))

  async function deniedRunInstances(decodeWith?: ClientFactory) {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']))
    const admin = await memberAdmin(emu, accountId)
    const { Images } = await new EC2Client(emu.clientConfig(REGION, admin)).send(
      new DescribeImagesCommand({ Owners: ['amazon'] }),
    )
    const run = testRegionRun({
      region: REGION,
      decodeDenial: createDenialDecoder(decodeWith ?? factory(admin)),
    })
    const { context } = createScenarioContext('ec2/run', run)
    const input = {
      ImageId: Images![0]!.ImageId!,
      InstanceType: 't3.micro' as const,
      MinCount: 1,
      MaxCount: 1,
      DryRun: true,
      TagSpecifications: [{ ResourceType: 'instance' as const, Tags: [{ Key: 'team', Value: 'harness' }] }],
    }
    const report = await context.step('RunInstances', () =>
      new EC2Client(emu.clientConfig(REGION, credentials)).send(new RunInstancesCommand(input)),
    )
    return { report, accountId }
  }

  it('records the action, resource and reason the blob holds', async () => {
    const { report, accountId } = await deniedRunInstances()
    expect(report.outcome.kind).toBe('denied')
    if (report.outcome.kind !== 'denied') return
    // The message itself names no action (pre-2024 wording) …
    expect(report.outcome.message).toMatch(
      /^You are not authorized to perform this operation\. Encoded authorization failure message: /,
    )
    // … the decoded blob does.
    expect(report.outcome.denied).toMatchObject({
      decoded: true,
      action: 'ec2:CreateTags',
      resource: `arn:aws:ec2:${REGION}:${accountId}:instance/*`,
      reason: 'no policy allows (decoded message)',
    })
  })

  it('keeps the denial and says why when decoding fails', async () => {
    const { report } = await deniedRunInstances(
      factory({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }),
    )
    expect(report.outcome).toMatchObject({ kind: 'denied', denied: { decodeError: expect.any(String) } })
    if (report.outcome.kind === 'denied') expect(report.outcome.denied?.action).toBeUndefined()
  })
})
