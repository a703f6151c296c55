/**
 * botocore (the AWS CLI) as an independent client: it parses a sample of every newly served
 * service's responses and errors. Skipped, with a note on stderr, when `aws` is not installed.
 */
import { describe, expect, it } from 'vitest'
import { AWS_CLI_AVAILABLE, awsCli } from './aws-cli.js'
import { withEmulator } from './testing.js'

const REGION = 'eu-west-1'

// Each CLI call starts a Python interpreter: seconds apiece on a loaded machine.
describe.skipIf(!AWS_CLI_AVAILABLE)('botocore parses the emulator', { timeout: 180_000 }, () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const aws = (...args: string[]) => awsCli(emu, args, { region: REGION })

  it('S3 (restXml): create, tag, list, errors', async () => {
    const created = await aws(
      's3api',
      'create-bucket',
      '--bucket',
      'cli-bucket',
      '--create-bucket-configuration',
      `LocationConstraint=${REGION}`,
    )
    expect(created.exitCode, created.stderr).toBe(0)
    expect(created.json).toEqual({ Location: '/cli-bucket' })
    expect(
      (
        await aws(
          's3api',
          'put-bucket-tagging',
          '--bucket',
          'cli-bucket',
          '--tagging',
          'TagSet=[{Key=team,Value=blue}]',
        )
      ).exitCode,
    ).toBe(0)
    expect((await aws('s3api', 'get-bucket-tagging', '--bucket', 'cli-bucket')).json).toEqual({
      TagSet: [{ Key: 'team', Value: 'blue' }],
    })
    const listed = await aws('s3api', 'list-buckets')
    expect(listed.json.Buckets.map((bucket: { Name: string }) => bucket.Name)).toEqual(['cli-bucket'])
    const missing = await aws('s3api', 'get-bucket-tagging', '--bucket', 'nope-bucket')
    expect(missing.stderr).toContain(
      'An error occurred (NoSuchBucket) when calling the GetBucketTagging operation: The specified bucket does not exist',
    )
    // botocore sends no x-id: an unserved PutObject is still named PutObject (not CopyObject, its path twin).
    const put = await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'k')
    expect(put.stderr).toContain('when calling the PutObject operation')
    expect(put.stderr).toContain('does not serve the s3 operation PutObject')
  })

  it('SQS (awsJson1_0): create with tags, list tags, a modeled error', async () => {
    const created = await aws('sqs', 'create-queue', '--queue-name', 'cli-queue', '--tags', 'team=blue')
    expect(created.exitCode, created.stderr).toBe(0)
    expect(created.json.QueueUrl).toBe(`https://sqs.${REGION}.amazonaws.com/111111111111/cli-queue`)
    expect((await aws('sqs', 'list-queue-tags', '--queue-url', created.json.QueueUrl)).json).toEqual({
      Tags: { team: 'blue' },
    })
    const missing = await aws('sqs', 'get-queue-url', '--queue-name', 'nope')
    expect(missing.stderr).toContain(
      '(AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation: The specified queue does not exist.',
    )
  })

  it('SNS (awsQuery): create with tags, attributes map, a modeled error', async () => {
    const created = await aws('sns', 'create-topic', '--name', 'cli-topic', '--tags', 'Key=team,Value=blue')
    expect(created.exitCode, created.stderr).toBe(0)
    const attributes = await aws('sns', 'get-topic-attributes', '--topic-arn', created.json.TopicArn)
    expect(attributes.json.Attributes.TopicArn).toBe(created.json.TopicArn)
    const missing = await aws('sns', 'get-topic-attributes', '--topic-arn', `arn:aws:sns:${REGION}:111111111111:nope`)
    expect(missing.stderr).toContain(
      'An error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist',
    )
  })

  it('SSM parameters and Logs retention (awsJson1_1)', async () => {
    const put = await aws(
      'ssm',
      'put-parameter',
      '--name',
      '/cli/p',
      '--value',
      'v',
      '--type',
      'String',
      '--tags',
      'Key=team,Value=blue',
    )
    expect(put.json).toEqual({ Version: 1, Tier: 'Standard' })
    expect((await aws('ssm', 'get-parameter', '--name', '/cli/p')).json.Parameter.Value).toBe('v')
    expect((await aws('logs', 'create-log-group', '--log-group-name', 'cli')).exitCode).toBe(0)
    expect(
      (await aws('logs', 'put-retention-policy', '--log-group-name', 'cli', '--retention-in-days', '7')).exitCode,
    ).toBe(0)
    const groups = await aws('logs', 'describe-log-groups')
    expect(groups.json.logGroups[0].retentionInDays).toBe(7)
  })
  it('ECS and Lambda: create with tags, a modeled error', async () => {
    const cluster = await aws('ecs', 'create-cluster', '--cluster-name', 'cli', '--tags', 'key=team,value=blue')
    expect(cluster.exitCode, cluster.stderr).toBe(0)
    expect(cluster.json.cluster.tags).toEqual([{ key: 'team', value: 'blue' }])
    const missing = await aws('ecs', 'delete-cluster', '--cluster', 'nope')
    expect(missing.stderr).toContain(
      'An error occurred (ClusterNotFoundException) when calling the DeleteCluster operation: Cluster not found.',
    )
    const noFunction = await aws('lambda', 'get-function', '--function-name', 'nope')
    expect(noFunction.stderr).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found:',
    )
    const listed = await aws('lambda', 'list-functions')
    expect(listed.json).toEqual({ Functions: [] })
  })
})
