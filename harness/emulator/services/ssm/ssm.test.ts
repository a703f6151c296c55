/** SSM public AMI parameters through the real SDK client, cross-checked with EC2 DescribeImages. */
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2'
import { GetParameterCommand, GetParametersCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { failure, withEmulator } from '../../testing.js'

const PREFIX = '/aws/service/ami-amazon-linux-latest/'

describe('SSM public parameters', () => {
  const emu = withEmulator()
  const ssm = (region = 'eu-west-2') => new SSMClient(emu.clientConfig(region))

  it.each(['al2023-ami-kernel-default-x86_64', 'al2023-ami-kernel-default-arm64', 'amzn2-ami-hvm-x86_64-gp2'])(
    'resolves %s to an image DescribeImages knows in that region',
    async (leaf) => {
      const { Parameter } = await ssm().send(new GetParameterCommand({ Name: `${PREFIX}${leaf}` }))
      expect(Parameter).toMatchObject({
        Name: `${PREFIX}${leaf}`,
        Type: 'String',
        ARN: `arn:aws:ssm:eu-west-2::parameter${PREFIX}${leaf}`,
      })
      expect(Parameter!.LastModifiedDate).toBeInstanceOf(Date)
      const ec2 = new EC2Client(emu.clientConfig('eu-west-2'))
      const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [Parameter!.Value!] }))
      expect(Images).toHaveLength(1)
      expect(Images![0]!.Architecture).toBe(leaf.includes('arm64') ? 'arm64' : 'x86_64')
    },
  )

  it('resolves to a different image id in another region', async () => {
    const name = `${PREFIX}al2023-ami-kernel-default-x86_64`
    const west = await ssm('eu-west-2').send(new GetParameterCommand({ Name: name }))
    const east = await ssm('us-east-1').send(new GetParameterCommand({ Name: name }))
    expect(west.Parameter!.Value).toMatch(/^ami-[0-9a-f]{17}$/)
    expect(east.Parameter!.Value).not.toBe(west.Parameter!.Value)
  })

  it('answers ParameterNotFound for any other parameter', async () => {
    const error = await failure(ssm().send(new GetParameterCommand({ Name: '/my/app/secret' })))
    expect(error).toBeInstanceOf(ParameterNotFound)
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('lists unknown names as InvalidParameters in GetParameters', async () => {
    const known = `${PREFIX}amzn2-ami-hvm-x86_64-gp2`
    const result = await ssm().send(new GetParametersCommand({ Names: [known, `${PREFIX}nope`] }))
    expect(result.Parameters!.map((p) => p.Name)).toEqual([known])
    expect(result.InvalidParameters).toEqual([`${PREFIX}nope`])
  })
})
