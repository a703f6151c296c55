/**
 * Evaluator throughput for `npm run bench`: a member-account role with a ten-statement identity policy
 * (conditions, variables, wildcards), a two-level SCP path and a permissions boundary.
 */
import { evaluate } from './evaluate.js'
import type { EvaluationRequest, PolicyDocument } from './types.js'

export interface EvaluatorBenchmark {
  iterations: number
  elapsedMs: number
  decisionsPerSecond: number
}

const ACCOUNT = '222222222222'

const identityPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Describe', Effect: 'Allow', Action: ['ec2:Describe*', 'logs:Describe*'], Resource: '*' },
    {
      Sid: 'CreateTaggedLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:TagResource'],
      Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:harness-*`,
      Condition: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
        StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' },
        'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'harness-*'] },
      },
    },
    {
      Sid: 'Regions',
      Effect: 'Allow',
      Action: 'logs:PutLogEvents',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'ca-central-1'] } },
    },
    {
      Sid: 'Ecr',
      Effect: 'Allow',
      Action: ['ecr:CreateRepository', 'ecr:TagResource'],
      Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/harness-*`,
    },
    {
      Sid: 'RunInstances',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: '*',
      Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t3.*', 't4g.*'] } },
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    },
    {
      Sid: 'SecureTransport',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'OfficeHours',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
    },
    {
      Sid: 'SourceIp',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: '*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
    },
    {
      Sid: 'OwnUser',
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
    },
  ],
}

const fullAccess: PolicyDocument = {
  Version: '2012-10-17',
  Statement: { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' },
}
const regionGuard: PolicyDocument = {
  Version: '2012-10-17',
  Statement: {
    Sid: 'DenyOutsideRegions',
    Effect: 'Deny',
    NotAction: ['iam:*', 'organizations:*', 'sts:*'],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'ca-central-1', 'eu-west-1'] } },
  },
}
const boundary: PolicyDocument = {
  Version: '2012-10-17',
  Statement: { Sid: 'Boundary', Effect: 'Allow', Action: ['logs:*', 'ecr:*', 'ec2:*', 'ssm:*'], Resource: '*' },
}

export function benchmarkRequest(): EvaluationRequest {
  return {
    action: 'logs:CreateLogGroup',
    resource: `arn:aws:logs:ca-central-1:${ACCOUNT}:log-group:harness-lg-1`,
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/harness-minimal/run-1`,
    principalAccount: ACCOUNT,
    context: {
      'aws:RequestedRegion': 'ca-central-1',
      'aws:SecureTransport': true,
      'aws:CurrentTime': new Date('2026-01-01T00:00:00Z'),
      'aws:PrincipalTag/team': 'platform',
      'aws:RequestTag/team': 'platform',
      'aws:TagKeys': ['team', 'harness-run'],
      'aws:SourceIp': '10.1.2.3',
    },
    identityPolicies: [{ id: 'harness-minimal', document: identityPolicy }],
    serviceControlPolicies: [
      [{ id: 'p-FullAWSAccess', document: fullAccess }],
      [
        { id: 'p-FullAWSAccess', document: fullAccess },
        { id: 'p-region-guard', document: regionGuard },
      ],
    ],
    permissionsBoundary: { id: 'harness-boundary', document: boundary },
  }
}

export function benchmarkEvaluator(iterations = 50_000): EvaluatorBenchmark {
  const request = benchmarkRequest()
  evaluate(request) // warm the compile caches
  const start = performance.now()
  for (let i = 0; i < iterations; i++) evaluate(request)
  const elapsedMs = performance.now() - start
  return { iterations, elapsedMs, decisionsPerSecond: Math.round(iterations / (elapsedMs / 1000)) }
}
