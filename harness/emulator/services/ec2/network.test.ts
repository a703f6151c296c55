/** Regions, zones, the default network, AMIs and instance type offerings through the real EC2 client. */
import {
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { enableRegion } from '../../test-accounts.js'
import { failure, withEmulator } from '../../testing.js'

describe('EC2 regions and default network', () => {
  const emu = withEmulator()
  const ec2 = (region = 'us-east-1') => new EC2Client(emu.clientConfig(region))

  it('lists usable regions, and all regions with opt-in status when AllRegions is set', async () => {
    const usable = await ec2().send(new DescribeRegionsCommand({}))
    const names = usable.Regions!.map((r) => r.RegionName)
    expect(names).toContain('us-east-1')
    expect(names).not.toContain('ap-east-1')
    const all = await ec2().send(new DescribeRegionsCommand({ AllRegions: true }))
    const apEast = all.Regions!.find((r) => r.RegionName === 'ap-east-1')
    expect(apEast).toEqual({
      RegionName: 'ap-east-1',
      Endpoint: 'ec2.ap-east-1.amazonaws.com',
      OptInStatus: 'not-opted-in',
    })
    expect(all.Regions!.find((r) => r.RegionName === 'us-east-1')!.OptInStatus).toBe('opt-in-not-required')
    await enableRegion(emu, 'ap-east-1')
    const after = await ec2().send(
      new DescribeRegionsCommand({ Filters: [{ Name: 'opt-in-status', Values: ['opted-in'] }] }),
    )
    expect(after.Regions!.map((r) => r.RegionName)).toEqual(['ap-east-1'])
  })

  it('creates the default VPC, a default subnet per AZ and the default group in an enabled opt-in region', async () => {
    await enableRegion(emu, 'ap-east-1')
    const client = ec2('ap-east-1')
    const { AvailabilityZones } = await client.send(new DescribeAvailabilityZonesCommand({}))
    expect(AvailabilityZones!.map((z) => [z.ZoneName, z.ZoneId, z.State])).toEqual([
      ['ap-east-1a', 'ape1-az1', 'available'],
      ['ap-east-1b', 'ape1-az2', 'available'],
      ['ap-east-1c', 'ape1-az3', 'available'],
    ])
    const { Vpcs } = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))
    expect(Vpcs).toHaveLength(1)
    expect(Vpcs![0]).toMatchObject({ CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available' })
    const vpcId = Vpcs![0]!.VpcId!
    const { Subnets } = await client.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'default-for-az', Values: ['true'] },
        ],
      }),
    )
    expect(Subnets!.map((s) => [s.AvailabilityZone, s.CidrBlock, s.DefaultForAz]).sort()).toEqual([
      ['ap-east-1a', '172.31.0.0/20', true],
      ['ap-east-1b', '172.31.16.0/20', true],
      ['ap-east-1c', '172.31.32.0/20', true],
    ])
    const { SecurityGroups } = await client.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }),
    )
    expect(SecurityGroups).toHaveLength(1)
    expect(SecurityGroups![0]).toMatchObject({
      VpcId: vpcId,
      GroupName: 'default',
      Description: 'default VPC security group',
    })
    expect(SecurityGroups![0]!.IpPermissionsEgress![0]!.IpRanges).toEqual([{ CidrIp: '0.0.0.0/0' }])
  })

  it('keeps a separate default VPC per account and region', async () => {
    const east = await ec2('us-east-1').send(new DescribeVpcsCommand({}))
    const west = await ec2('us-west-2').send(new DescribeVpcsCommand({}))
    expect(east.Vpcs![0]!.VpcId).not.toBe(west.Vpcs![0]!.VpcId)
    const again = await ec2('us-east-1').send(new DescribeVpcsCommand({}))
    expect(again.Vpcs!.map((v) => v.VpcId)).toEqual(east.Vpcs!.map((v) => v.VpcId))
  })

  it('answers InvalidVpcID.NotFound and InvalidParameterValue for an unknown filter', async () => {
    const missing = await failure(ec2().send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })))
    expect(missing.name).toBe('InvalidVpcID.NotFound')
    expect(missing.$metadata.httpStatusCode).toBe(400)
    expect(missing.message).toBe("The vpc ID 'vpc-0123456789abcdef0' does not exist")
    const badFilter = await failure(
      ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    )
    expect(badFilter.name).toBe('InvalidParameterValue')
    expect(badFilter.message).toBe("The filter 'colour' is invalid")
  })

  it('describes Amazon Linux images per region, by owner, id and filters', async () => {
    const east = await ec2('us-east-1').send(new DescribeImagesCommand({ Owners: ['amazon'] }))
    const west = await ec2('us-west-2').send(new DescribeImagesCommand({ Owners: ['amazon'] }))
    expect(east.Images!.length).toBeGreaterThanOrEqual(3)
    expect(east.Images!.map((i) => i.ImageId)).not.toEqual(west.Images!.map((i) => i.ImageId))
    const arm = await ec2().send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'name', Values: ['al2023-ami-2023.*'] },
          { Name: 'architecture', Values: ['arm64'] },
        ],
      }),
    )
    expect(arm.Images).toHaveLength(1)
    expect(arm.Images![0]).toMatchObject({ Architecture: 'arm64', OwnerId: '137112412989', State: 'available' })
    const byId = await ec2().send(new DescribeImagesCommand({ ImageIds: [arm.Images![0]!.ImageId!] }))
    expect(byId.Images!.map((i) => i.Name)).toEqual([arm.Images![0]!.Name])
    const self = await ec2().send(new DescribeImagesCommand({ Owners: ['self'] }))
    expect(self.Images).toEqual([])
  })

  it('answers InvalidAMIID.NotFound and InvalidAMIID.Malformed', async () => {
    const missing = await failure(ec2().send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })))
    expect(missing.name).toBe('InvalidAMIID.NotFound')
    expect(missing.message).toBe("The image id '[ami-0123456789abcdef0]' does not exist")
    const malformed = await failure(ec2().send(new DescribeImagesCommand({ ImageIds: ['ami-xyz'] })))
    expect(malformed.name).toBe('InvalidAMIID.Malformed')
    expect(malformed.$metadata.httpStatusCode).toBe(400)
  })

  it('offers t3.micro everywhere and t2.micro only in older regions (ap-east-1 has none)', async () => {
    await enableRegion(emu, 'ap-east-1')
    const offered = async (region: string, locationType?: 'availability-zone') => {
      const { InstanceTypeOfferings } = await ec2(region).send(
        new DescribeInstanceTypeOfferingsCommand({
          LocationType: locationType,
          Filters: [{ Name: 'instance-type', Values: ['t2.micro', 't3.micro'] }],
        }),
      )
      return InstanceTypeOfferings!.map((o) => `${o.InstanceType}@${o.Location}`).sort()
    }
    expect(await offered('ap-east-1')).toEqual(['t3.micro@ap-east-1'])
    expect(await offered('us-east-1')).toEqual(['t2.micro@us-east-1', 't3.micro@us-east-1'])
    expect(await offered('ap-east-1', 'availability-zone')).toEqual([
      't3.micro@ap-east-1a',
      't3.micro@ap-east-1b',
      't3.micro@ap-east-1c',
    ])
  })
})
