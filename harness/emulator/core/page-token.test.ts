/**
 * Paging inputs out of AWS's range, and tokens AWS never issued, are refused through the real SDK
 * clients with each service's code and status (sources: harness/emulator/FACTS.md), where the
 * emulator used to answer 200.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { DescribeImagesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { ECSClient, ListClustersCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns'
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import { type ClientConfig, failure, withEmulator } from '../testing.js'

interface Case {
  call: string
  send(config: ClientConfig): Promise<unknown>
  name: string
  status: number
  message?: string | RegExp
}

const CASES: Case[] = [
  {
    call: "SQS ListQueues NextToken='garbage'",
    send: (c) => new SQSClient(c).send(new ListQueuesCommand({ MaxResults: 5, NextToken: 'garbage' })),
    name: 'InvalidParameterValue',
    status: 400,
  },
  {
    call: "SNS ListTopics NextToken='garbage'",
    send: (c) => new SNSClient(c).send(new ListTopicsCommand({ NextToken: 'garbage' })),
    // Wire code InvalidParameter; the SDK names the modeled shape InvalidParameterException.
    name: 'InvalidParameterException',
    status: 400,
    message: 'Invalid parameter: NextToken',
  },
  {
    call: "Lambda ListFunctions Marker='garbage'",
    send: (c) => new LambdaClient(c).send(new ListFunctionsCommand({ Marker: 'garbage' })),
    name: 'InvalidParameterValueException',
    status: 400,
  },
  {
    call: 'Lambda ListFunctions MaxItems=10001',
    send: (c) => new LambdaClient(c).send(new ListFunctionsCommand({ MaxItems: 10_001 })),
    name: 'ValidationException',
    status: 400,
    message:
      "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000",
  },
  {
    call: 'ECS ListClusters maxResults=101',
    send: (c) => new ECSClient(c).send(new ListClustersCommand({ maxResults: 101 })),
    name: 'InvalidParameterException',
    status: 400,
  },
  {
    call: "ECS ListTaskDefinitions nextToken='garbage'",
    send: (c) => new ECSClient(c).send(new ListTaskDefinitionsCommand({ nextToken: 'garbage' })),
    name: 'InvalidParameterException',
    status: 400,
  },
  {
    call: "CloudFormation DescribeStacks NextToken='garbage'",
    send: (c) => new CloudFormationClient(c).send(new DescribeStacksCommand({ NextToken: 'garbage' })),
    name: 'ValidationError',
    status: 400,
    message: 'garbage is not a valid NextToken',
  },
  {
    call: 'S3 ListBuckets MaxBuckets=100000',
    send: (c) => new S3Client({ ...c, forcePathStyle: true }).send(new ListBucketsCommand({ MaxBuckets: 100_000 })),
    name: 'InvalidArgument',
    status: 400,
  },
  {
    call: "S3 ListBuckets ContinuationToken='garbage'",
    send: (c) =>
      new S3Client({ ...c, forcePathStyle: true }).send(new ListBucketsCommand({ ContinuationToken: 'garbage' })),
    name: 'InvalidArgument',
    status: 400,
    message: 'The continuation token provided is incorrect',
  },
  {
    call: 'Organizations ListRoots MaxResults=21',
    send: (c) => new OrganizationsClient(c).send(new ListRootsCommand({ MaxResults: 21 })),
    name: 'InvalidInputException',
    status: 400,
  },
  {
    call: "Organizations ListRoots NextToken='garbage'",
    send: (c) => new OrganizationsClient(c).send(new ListRootsCommand({ NextToken: 'garbage' })),
    name: 'InvalidInputException',
    status: 400,
  },
  {
    call: 'EC2 DescribeImages MaxResults=1001',
    send: (c) => new EC2Client(c).send(new DescribeImagesCommand({ MaxResults: 1001 })),
    name: 'InvalidParameterValue',
    status: 400,
    message: 'Value ( 1001 ) for parameter maxResults is invalid. Expecting a value between 1 and 1000.',
  },
  {
    call: 'EC2 DescribeInstanceTypeOfferings MaxResults=1001',
    send: (c) => new EC2Client(c).send(new DescribeInstanceTypeOfferingsCommand({ MaxResults: 1001 })),
    name: 'InvalidParameterValue',
    status: 400,
    message: 'Value ( 1001 ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.',
  },
]

describe('paging inputs AWS refuses', () => {
  const emu = withEmulator()

  it.each(CASES)('$call → $name ($status)', async (testCase) => {
    const error = await failure(testCase.send(emu.clientConfig('us-east-1')))
    expect(error.name).toBe(testCase.name)
    expect(error.$metadata.httpStatusCode).toBe(testCase.status)
    if (testCase.message) expect(error.message).toMatch(testCase.message)
  })
})
