/** SSM authorization checks on public parameter ARNs through real SDK clients. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { withEmulator } from '../../testing.js'
import { latestAmazonLinuxImageId } from '../ec2/images.js'

const REGION = 'eu-west-1'
const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'

describe('SSM authorization checks', () => {
  const emu = withEmulator()

  it('SSM public parameters are checked on arn:aws:ssm:<region>::parameter/aws/service/…', async () => {
    const session = await minimalSession(
      emu,
      policy(allowStatement('ssm:GetParameter', 'arn:aws:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*')),
      { region: REGION },
    )
    const ssm = new SSMClient(emu.clientConfig(REGION, session.credentials))
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: AL2023 }))
    expect(Parameter!.Value).toBe(latestAmazonLinuxImageId(REGION, 'al2023-ami-kernel-default-x86_64'))
  })
})
