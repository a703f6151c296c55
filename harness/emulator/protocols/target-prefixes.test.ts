/**
 * Every X-Amz-Target form AWS accepts for each awsJson service the emulator serves: SDK v3's and
 * botocore's (AWS CLI, boto3). botocore sends its model's metadata.targetPrefix, which for CloudTrail
 * is the fully qualified `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`
 * (https://github.com/boto/botocore/tree/develop/botocore/data/<service>/<version>/service-2.json,
 * checked against botocore 1.43). Hand-signed requests, since no JS SDK sends botocore's form.
 */
import { describe, expect, it } from 'vitest'
import { signedRequest, withEmulator } from '../testing.js'

const JSON_11 = 'application/x-amz-json-1.1'

/** [signing name, operation, SDK v3 prefix, botocore prefix] */
const TARGETS: Array<[string, string, string, string]> = [
  ['logs', 'DescribeLogGroups', 'Logs_20140328', 'Logs_20140328'],
  ['ecr', 'DescribeRepositories', 'AmazonEC2ContainerRegistry_V20150921', 'AmazonEC2ContainerRegistry_V20150921'],
  ['organizations', 'DescribeOrganization', 'AWSOrganizationsV20161128', 'AWSOrganizationsV20161128'],
  ['ssm', 'GetParameters', 'AmazonSSM', 'AmazonSSM'],
  ['cloudtrail', 'LookupEvents', 'CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
]

describe('X-Amz-Target forms', () => {
  const emu = withEmulator()

  it.each(TARGETS)(
    '%s %s answers both the SDK v3 and the botocore prefix',
    async (service, operation, sdk, botocore) => {
      const body =
        service === 'ssm' ? '{"Names":["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"]}' : '{}'
      for (const prefix of new Set([sdk, botocore])) {
        const answer = await signedRequest(emu.endpoint, {
          service,
          headers: { 'content-type': JSON_11, 'x-amz-target': `${prefix}.${operation}` },
          body,
        })
        expect({ prefix, status: answer.status }).toEqual({ prefix, status: 200 })
      }
    },
  )

  it('still refuses a prefix of another service, or none', async () => {
    for (const target of [
      'Logs_20140328.LookupEvents',
      'LookupEvents',
      'com.amazonaws.cloudtrail.v20131101.LookupEvents',
    ]) {
      const answer = await signedRequest(emu.endpoint, {
        service: 'cloudtrail',
        headers: { 'content-type': JSON_11, 'x-amz-target': target },
        body: '{}',
      })
      expect({ target, status: answer.status, type: JSON.parse(answer.body).__type }).toEqual({
        target,
        status: 400,
        type: 'UnknownOperationException',
      })
    }
  })
})
