/**
 * CloudTrail capture on the emulator, through the real SDK clients: EC2 resolving `resolve:ssm:` reads the
 * parameter with the caller's identity, so a role without ssm:GetParameters leaves an SSM GetParameters
 * denial invoked by ec2.amazonaws.com in the account's trail, which the capture finds with its parse.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession, rejection } from '../emulator/authz/test-fixtures.js'
import { memberAdmin } from '../emulator/test-accounts.js'
import { deliverCloudTrail, type TestCredentials, type TestEmulator, withEmulator } from '../emulator/testing.js'
import { type AdminClients, captureTrail } from './capture-trail.js'

const REGION = 'eu-west-1'
const IMAGE = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'

const factory =
  (emu: TestEmulator, credentials: TestCredentials) =>
  (region: string): AdminClients =>
  (ClientClass) =>
    new ClientClass(emu.clientConfig(region, credentials))

async function launch(emu: TestEmulator, credentials: TestCredentials) {
  return new EC2Client(emu.clientConfig(REGION, credentials)).send(
    new RunInstancesCommand({ ImageId: IMAGE, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, DryRun: true }),
  )
}

describe('CloudTrail capture', () => {
  const emu = withEmulator({ date: '2026-06-01' })

  it('finds the SSM GetParameters denial EC2 made on the caller’s behalf, parsed', async () => {
    const since = new Date('2026-05-31T00:00:00Z')
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    const denial = await rejection(launch(emu, credentials))
    expect(denial.name).toBe('UnauthorizedOperation')
    await deliverCloudTrail(emu)
    const trail = await captureTrail({
      regions: [REGION, 'us-east-1'],
      since,
      admin: factory(emu, admin),
      pageIntervalMs: 0,
    })
    expect(trail.problems).toEqual([])
    const invoked = trail.denials.filter((d) => d.invokedBy)
    expect(invoked).toHaveLength(1)
    expect(invoked[0]).toMatchObject({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameters',
      region: REGION,
      errorCode: 'AccessDeniedException',
      invokedBy: 'ec2.amazonaws.com',
      principalArn: `arn:aws:sts::${accountId}:assumed-role/harness-minimal/test`,
      denied: {
        action: 'ssm:GetParameters',
        resource: `arn:aws:ssm:${REGION}::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`,
        policyType: 'identity-based',
      },
    })
    // The scenario's own call is in the trail too, with EC2's Client.-prefixed code.
    expect(trail.denials.find((d) => d.eventName === 'RunInstances')).toMatchObject({
      errorCode: 'Client.UnauthorizedOperation',
      denied: { action: 'ssm:GetParameters' },
    })
  })

  it('records the service-invoked call without an error when it is allowed, and finds no denial', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances', 'ssm:GetParameters']), {
      region: REGION,
    })
    const admin = await memberAdmin(emu, accountId)
    const dryRun = await rejection(launch(emu, credentials))
    expect(dryRun.name).toBe('DryRunOperation')
    await deliverCloudTrail(emu)
    const trail = await captureTrail({
      regions: [REGION],
      since: new Date('2026-05-31T00:00:00Z'),
      admin: factory(emu, admin),
      pageIntervalMs: 0,
    })
    expect(trail.denials).toEqual([])
    const { Events } = await new CloudTrailClient(emu.clientConfig(REGION, admin)).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ssm.amazonaws.com' }],
      }),
    )
    const records = (Events ?? []).map((event) => JSON.parse(event.CloudTrailEvent!))
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      eventName: 'GetParameters',
      sourceIPAddress: 'ec2.amazonaws.com',
      userAgent: 'ec2.amazonaws.com',
      userIdentity: { type: 'AssumedRole', invokedBy: 'ec2.amazonaws.com' },
      requestParameters: { names: ['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'] },
    })
    expect(records[0].errorCode).toBeUndefined()
  })

  it('a region it cannot read is a problem in the capture, not an exception', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']), { region: REGION })
    const trail = await captureTrail({
      regions: [REGION],
      since: new Date(0),
      admin: factory(emu, credentials),
      pageIntervalMs: 0,
    })
    expect(accountId).toMatch(/^\d{12}$/)
    expect(trail.denials).toEqual([])
    expect(trail.problems[0]).toMatch(
      /^eu-west-1: LookupEvents failed: AccessDeniedException: User: .* cloudtrail:LookupEvents/,
    )
  })

  it('reads a region whose calls ended a delivery wait ago at once, and the others when their wait is over', async () => {
    const { accountId } = await minimalSession(emu, allow(['sts:GetCallerIdentity']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    const callsBefore = emu.state.calls.length
    const deliveryWaitMs = 300
    const startedAt = Date.now()
    const trail = await captureTrail({
      regions: ['us-east-1', REGION],
      since: new Date(0),
      admin: factory(emu, admin),
      pageIntervalMs: 0,
      deliveryWaitMs,
      // REGION's calls ended long ago; us-east-1 (no time given) counts from now.
      doneAt: (region) => (region === REGION ? startedAt - 10 * deliveryWaitMs : undefined),
    })
    expect(trail.problems).toEqual([])
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(deliveryWaitMs)
    const lookups = emu.state.calls.slice(callsBefore).filter((c) => c.operation === 'LookupEvents')
    expect(lookups.map((c) => c.region)).toEqual([REGION, 'us-east-1'])
    // The emulator's clock runs at the wall's pace: the early region was read a whole wait before.
    expect(Date.parse(lookups[1]!.time) - Date.parse(lookups[0]!.time)).toBeGreaterThanOrEqual(deliveryWaitMs / 2)
  })

  it('keeps what it read before an interrupt and names the regions it did not look up', async () => {
    const { accountId } = await minimalSession(emu, allow(['sts:GetCallerIdentity']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    const callsBefore = emu.state.calls.length
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 300)
    const trail = await captureTrail({
      regions: [REGION, 'us-east-1'],
      since: new Date(0),
      admin: factory(emu, admin),
      pageIntervalMs: 0,
      deliveryWaitMs: 60_000,
      // REGION's events were delivered long ago; us-east-1's wait is cut short by the interrupt.
      doneAt: (region) => (region === REGION ? Date.now() - 120_000 : undefined),
      signal: controller.signal,
    })
    const lookups = emu.state.calls.slice(callsBefore).filter((c) => c.operation === 'LookupEvents')
    expect(lookups.map((c) => c.region)).toEqual([REGION])
    expect(trail.problems).toEqual([
      "interrupted while waiting for CloudTrail to deliver the run's events; not looked up in us-east-1",
    ])
  })

  it('reads regions side by side, each region paced on its own (LookupEvents: 2 requests/s per region)', async () => {
    const { accountId } = await minimalSession(emu, allow(['sts:GetCallerIdentity']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    const regions = [REGION, 'us-east-1']
    // More events than one page (50) in each region: each region is read in two pages.
    for (const region of regions) {
      const sts = new STSClient(emu.clientConfig(region, admin))
      for (let i = 0; i < 55; i++) await sts.send(new GetCallerIdentityCommand({}))
    }
    await deliverCloudTrail(emu)
    const callsBefore = emu.state.calls.length
    const pageIntervalMs = 50
    const trail = await captureTrail({ regions, since: new Date(0), admin: factory(emu, admin), pageIntervalMs })
    expect(trail.problems).toEqual([])
    const lookups = emu.state.calls.slice(callsBefore).filter((c) => c.operation === 'LookupEvents')
    // Side by side: both regions' first pages come before either region's second page.
    expect(lookups.map((c) => c.region)).toHaveLength(4)
    expect(new Set(lookups.slice(0, 2).map((c) => c.region))).toEqual(new Set(regions))
    // Each region's second page waits its own page interval after its first.
    for (const region of regions) {
      const [first, second] = lookups.filter((c) => c.region === region).map((c) => Date.parse(c.time))
      expect(second! - first!, region).toBeGreaterThanOrEqual(pageIntervalMs)
    }
  })
})
