/** Instances and tags through the real EC2 client: launch, filters, lifecycle, DryRun, termination. */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { enableRegion } from '../../test-accounts.js'
import { controlHeaders, failure, withEmulator } from '../../testing.js'
import { type Ec2RegionStore, peekTags } from './store.js'
import { eventually } from './test-helpers.js'

const REGION = 'eu-central-1'

describe('EC2 instances', () => {
  const emu = withEmulator()
  const ec2 = (region = REGION) => new EC2Client(emu.clientConfig(region))

  async function imageId(region = REGION, architecture = 'x86_64'): Promise<string> {
    const { Images } = await ec2(region).send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'name', Values: ['al2023-ami-*'] },
          { Name: 'architecture', Values: [architecture] },
        ],
      }),
    )
    return Images![0]!.ImageId!
  }

  async function launch(extra: Partial<RunInstancesCommandInput> = {}, region = REGION) {
    const input: RunInstancesCommandInput = {
      ImageId: await imageId(region),
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      ...extra,
    }
    return ec2(region).send(new RunInstancesCommand(input))
  }

  async function stateOf(instanceId: string): Promise<string> {
    const { Reservations } = await ec2().send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))
    return Reservations![0]!.Instances![0]!.State!.Name!
  }

  it('launches into a default subnet with the default group and tags instance, volume and interface', async () => {
    const run = await launch({
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'disk', Value: 'root' }] },
        { ResourceType: 'network-interface', Tags: [{ Key: 'nic', Value: 'primary' }] },
      ],
    })
    const [instance] = run.Instances!
    expect(run.ReservationId).toMatch(/^r-[0-9a-f]{17}$/)
    expect(run.OwnerId).toBe('111111111111')
    expect(instance).toMatchObject({
      InstanceType: 't3.micro',
      State: { Code: 0, Name: 'pending' },
      Tags: [{ Key: 'Name', Value: 'web' }],
    })
    expect(instance!.InstanceId).toMatch(/^i-[0-9a-f]{17}$/)
    expect(instance!.LaunchTime).toBeInstanceOf(Date)
    const { Subnets } = await ec2().send(new DescribeSubnetsCommand({ SubnetIds: [instance!.SubnetId!] }))
    expect(Subnets![0]!.DefaultForAz).toBe(true)
    expect(instance!.SecurityGroups!.map((g) => g.GroupName)).toEqual(['default'])
    const volumeId = instance!.BlockDeviceMappings![0]!.Ebs!.VolumeId!
    const eniId = instance!.NetworkInterfaces![0]!.NetworkInterfaceId!
    const launched = emu.state.cloudTrail.find((event) => event.eventName === 'RunInstances')!
    expect(launched.resources).toEqual([{ ResourceType: 'AWS::EC2::Instance', ResourceName: instance!.InstanceId }])
    // No DescribeVolumes/DescribeNetworkInterfaces here: read the tags from the region's store.
    const { store } = [...emu.state.storesOf<Ec2RegionStore>('ec2')].find((entry) => entry.region === REGION)!
    expect(Object.fromEntries(peekTags(store, volumeId))).toEqual({ disk: 'root' })
    expect(Object.fromEntries(peekTags(store, eniId))).toEqual({ nic: 'primary' })
  })

  it('moves pending → running and shutting-down → terminated on the scaled clock', async () => {
    const { Instances } = await launch()
    const instanceId = Instances![0]!.InstanceId!
    await eventually(async () => ((await stateOf(instanceId)) === 'running' ? true : undefined))
    const terminate = await ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))
    expect(terminate.TerminatingInstances).toEqual([
      {
        InstanceId: instanceId,
        CurrentState: { Code: 32, Name: 'shutting-down' },
        PreviousState: { Code: 16, Name: 'running' },
      },
    ])
    await eventually(async () => ((await stateOf(instanceId)) === 'terminated' ? true : undefined))
    const again = await ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))
    expect(again.TerminatingInstances![0]).toMatchObject({
      CurrentState: { Code: 48, Name: 'terminated' },
      PreviousState: { Code: 48, Name: 'terminated' },
    })
  })

  it('forgets a terminated instance about an hour later', async () => {
    const { Instances } = await launch()
    const instanceId = Instances![0]!.InstanceId!
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))
    await eventually(async () => ((await stateOf(instanceId)) === 'terminated' ? true : undefined))
    const later = new Date(emu.state.clock.now().getTime() + 2 * 60 * 60_000)
    const moved = await fetch(`${emu.endpoint}/_emulator/clock`, {
      method: 'POST',
      headers: controlHeaders(emu.controlToken),
      body: JSON.stringify({ date: later.toISOString() }),
    })
    expect(moved.status).toBe(200)
    const { Reservations } = await ec2().send(new DescribeInstancesCommand({}))
    expect(Reservations).toEqual([])
    const error = await failure(ec2().send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))
    expect(error.name).toBe('InvalidInstanceID.NotFound')
  })

  it('terminates none when one id is unknown', async () => {
    const { Instances } = await launch()
    const instanceId = Instances![0]!.InstanceId!
    const unknown = 'i-0123456789abcdef0'
    const error = await failure(ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId, unknown] })))
    expect(error.name).toBe('InvalidInstanceID.NotFound')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(`The instance ID '${unknown}' does not exist`)
    expect(['pending', 'running']).toContain(await stateOf(instanceId))
  })

  it('filters DescribeInstances by state, id, tag:<key>, tag-key and tag-value', async () => {
    const tagged = await launch({
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue' }] }],
    })
    const plain = await launch()
    const taggedId = tagged.Instances![0]!.InstanceId!
    const plainId = plain.Instances![0]!.InstanceId!
    const ids = async (filters: Array<{ Name: string; Values: string[] }>) => {
      const { Reservations } = await ec2().send(new DescribeInstancesCommand({ Filters: filters }))
      return Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId)).sort()
    }
    expect(await ids([{ Name: 'tag:team', Values: ['blue'] }])).toEqual([taggedId])
    expect(await ids([{ Name: 'tag:team', Values: ['b*'] }])).toEqual([taggedId])
    expect(await ids([{ Name: 'tag:team', Values: ['red'] }])).toEqual([])
    expect(await ids([{ Name: 'tag-key', Values: ['team'] }])).toEqual([taggedId])
    expect(await ids([{ Name: 'tag-value', Values: ['blue'] }])).toEqual([taggedId])
    expect(await ids([{ Name: 'instance-id', Values: [plainId] }])).toEqual([plainId])
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [plainId] }))
    expect(await ids([{ Name: 'instance-state-name', Values: ['pending', 'running'] }])).toEqual([taggedId])
    expect(await ids([{ Name: 'instance-state-name', Values: ['shutting-down', 'terminated'] }])).toEqual([plainId])
  })

  it('groups instances launched together into one reservation', async () => {
    const run = await launch({ MinCount: 2, MaxCount: 2 })
    expect(run.Instances!.map((i) => i.AmiLaunchIndex)).toEqual([0, 1])
    const { Reservations } = await ec2().send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'reservation-id', Values: [run.ReservationId!] }] }),
    )
    expect(Reservations).toHaveLength(1)
    expect(Reservations![0]!.Instances).toHaveLength(2)
  })

  it('answers DryRunOperation (412) and launches nothing', async () => {
    const error = await failure(launch({ DryRun: true }))
    expect(error.name).toBe('DryRunOperation')
    expect(error.$metadata.httpStatusCode).toBe(412)
    expect(error.message).toBe('Request would have succeeded, but DryRun flag is set.')
    const { Reservations } = await ec2().send(new DescribeInstancesCommand({}))
    expect(Reservations).toEqual([])
  })

  it.each<[Partial<RunInstancesCommandInput>, string, string]>([
    [
      { ImageId: 'ami-0123456789abcdef0' },
      'InvalidAMIID.NotFound',
      "The image id '[ami-0123456789abcdef0]' does not exist",
    ],
    [{ ImageId: 'not-an-ami' }, 'InvalidAMIID.Malformed', 'Invalid id: "not-an-ami" (expecting "ami-...")'],
    [
      { SubnetId: 'subnet-0123456789abcdef0' },
      'InvalidSubnetID.NotFound',
      "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    ],
    [{ InstanceType: 't4g.micro' }, 'InvalidParameterValue', "The architecture 'arm64' of the specified instance type"],
    [
      { TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] },
      'InvalidParameterValue',
      "'vpc' is not a valid taggable resource type",
    ],
  ])('rejects a bad launch request %#', async (extra, code, message) => {
    const error = await failure(launch(extra))
    expect(error.name).toBe(code)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toContain(message)
  })

  it('resolves ImageId resolve:ssm:<public parameter> to the region image', async () => {
    const run = await launch({
      ImageId: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    })
    expect(run.Instances![0]!.ImageId).toBe(await imageId())
    const error = await failure(launch({ ImageId: 'resolve:ssm:/no/such/parameter' }))
    expect(error.name).toBe('InvalidParameterValue')
  })

  it('launches into the requested zone and explicit security group', async () => {
    const { SecurityGroups } = await ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }))
    const groupId = SecurityGroups![0]!.GroupId!
    const run = await launch({ Placement: { AvailabilityZone: `${REGION}b` }, SecurityGroupIds: [groupId] })
    const [instance] = run.Instances!
    expect(instance!.Placement!.AvailabilityZone).toBe(`${REGION}b`)
    expect(instance!.SecurityGroups).toEqual([{ GroupId: groupId, GroupName: 'default' }])
    const { Subnets } = await ec2().send(new DescribeSubnetsCommand({ SubnetIds: [instance!.SubnetId!] }))
    expect(Subnets![0]!.AvailabilityZone).toBe(`${REGION}b`)
  })

  it('answers InvalidGroup.NotFound for a security group outside the VPC', async () => {
    const error = await failure(launch({ SecurityGroupIds: ['sg-0123456789abcdef0'] }))
    expect(error.name).toBe('InvalidGroup.NotFound')
    expect(error.message).toMatch(
      /^The security group 'sg-0123456789abcdef0' does not exist in VPC 'vpc-[0-9a-f]{17}'$/,
    )
  })

  it('answers Unsupported for t2.micro in ap-east-1 and launches t3.micro there', async () => {
    await enableRegion(emu, 'ap-east-1')
    const error = await failure(launch({ InstanceType: 't2.micro' }, 'ap-east-1'))
    expect(error.name).toBe('Unsupported')
    expect(error.$metadata.httpStatusCode).toBe(400)
    const run = await launch({}, 'ap-east-1')
    expect(run.Instances![0]!.Placement!.AvailabilityZone).toMatch(/^ap-east-1[abc]$/)
  })

  it('creates and deletes tags, deleting only matching values', async () => {
    const { Instances } = await launch()
    const instanceId = Instances![0]!.InstanceId!
    await ec2().send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
          { Key: 'c', Value: '3' },
        ],
      }),
    )
    await ec2().send(
      new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'a', Value: 'other' }, { Key: 'b' }] }),
    )
    const { Reservations } = await ec2().send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))
    const tags = Reservations![0]!.Instances![0]!.Tags!
    expect(tags.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual(['a=1', 'c=3'])
  })

  it('answers InvalidInstanceID.NotFound when tagging or describing an unknown instance', async () => {
    const unknown = 'i-0123456789abcdef0'
    const tagError = await failure(
      ec2().send(new CreateTagsCommand({ Resources: [unknown], Tags: [{ Key: 'a', Value: 'b' }] })),
    )
    expect(tagError.name).toBe('InvalidInstanceID.NotFound')
    expect(tagError.message).toBe(`The instance ID '${unknown}' does not exist`)
    const describeError = await failure(ec2().send(new DescribeInstancesCommand({ InstanceIds: [unknown] })))
    expect(describeError.name).toBe('InvalidInstanceID.NotFound')
    expect(describeError.$metadata.httpStatusCode).toBe(400)
  })

  it('lists live instances as emulator resources, not the default network or terminated ones', async () => {
    const run = await launch({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'k', Value: 'v' }] }] })
    const instanceId = run.Instances![0]!.InstanceId!
    const ec2Resources = async () => {
      const body = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as { resources: any[] }
      return body.resources.filter((resource) => resource.type.startsWith('ec2:'))
    }
    expect(await ec2Resources()).toEqual([
      {
        accountId: '111111111111',
        region: REGION,
        type: 'ec2:instance',
        id: instanceId,
        arn: `arn:aws:ec2:${REGION}:111111111111:instance/${instanceId}`,
        tags: { k: 'v' },
      },
    ])
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))
    expect(await ec2Resources()).toEqual([])
  })
})
