/** Offline prediction by the documented rules, table-driven. */
import { describe, expect, it } from 'vitest'
import { predictCalls } from './predict.js'

const policy = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:logs:*:*:log-group:harness-*' }],
})

describe('predictCalls', () => {
  it.each([
    [
      'the action alone',
      policy('logs:CreateLogGroup'),
      [{ action: 'logs:CreateLogGroup', withTags: false }],
      { outcome: 'allowed', missing: [], scoped: ['logs:CreateLogGroup'] },
    ],
    [
      'tag-on-create needs a tag permission (either will do)',
      policy('logs:CreateLogGroup'),
      [{ action: 'logs:CreateLogGroup', withTags: true }],
      { outcome: 'denied', missing: ['logs:TagResource|logs:TagLogGroup'], scoped: ['logs:CreateLogGroup'] },
    ],
    [
      'with the tag permission',
      policy('logs:CreateLogGroup', 'logs:TagLogGroup'),
      [{ action: 'logs:CreateLogGroup', withTags: true }],
      { outcome: 'allowed', missing: [], scoped: ['logs:CreateLogGroup', 'logs:TagLogGroup'] },
    ],
    [
      'wildcards count',
      policy('ecr:*'),
      [{ action: 'ecr:CreateRepository', withTags: true }],
      { outcome: 'allowed', missing: [], scoped: ['ecr:CreateRepository', 'ecr:TagResource'] },
    ],
    [
      'granted on every resource: nothing scoped',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeRepositories', Resource: '*' }] },
      [{ action: 'ecr:DescribeRepositories', withTags: false }],
      { outcome: 'allowed', missing: [] },
    ],
    [
      'the call itself missing',
      policy('ecr:TagResource'),
      [{ action: 'ecr:CreateRepository', withTags: true }],
      { outcome: 'denied', missing: ['ecr:CreateRepository'], scoped: ['ecr:TagResource'] },
    ],
  ] as const)('%s', async (_name, doc, calls, expected) => {
    expect(await predictCalls(doc, calls)).toEqual(expected)
  })

  it.each([
    ['NotAction on every resource grants it everywhere', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], []],
    [
      'a Deny on some resources scopes an Allow on all',
      [
        { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ecr:*', Resource: 'arn:aws:ecr:*:*:repository/prod-*' },
      ],
      ['ecr:DescribeRepositories'],
    ],
    [
      'so does a Deny under a condition',
      [
        { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:ResourceTag/team': 'platform' } },
        },
      ],
      ['ecr:DescribeRepositories'],
    ],
  ] as const)('scoped: %s', async (_name, statements, scoped) => {
    const prediction = await predictCalls({ Version: '2012-10-17', Statement: statements }, [
      { action: 'ecr:DescribeRepositories', withTags: false },
    ])
    expect(prediction).toMatchObject({ outcome: 'allowed', missing: [] })
    expect(prediction?.scoped ?? []).toEqual(scoped)
  })

  it('an unconditional Deny takes a grant away; no calls, no prediction', async () => {
    const withDeny = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'ecr:*', Resource: '*' },
      ],
    }
    expect(await predictCalls(withDeny, [{ action: 'ecr:CreateRepository', withTags: false }])).toEqual({
      outcome: 'denied',
      missing: ['ecr:CreateRepository'],
    })
    expect(await predictCalls(withDeny, [])).toBeUndefined()
  })

  // QA: tagged creates of SQS, SNS, Lambda and ECS were flagged "AWS disagrees" when the tag permission was missing.
  const anywhere = (...actions: string[]) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  })
  it.each([
    ['sqs:CreateQueue', 'sqs:TagQueue'],
    ['sns:CreateTopic', 'sns:TagResource'],
    ['lambda:CreateFunction', 'lambda:TagResource'],
    ['ecs:CreateCluster', 'ecs:TagResource'],
    ['ecs:CreateService', 'ecs:TagResource'],
    ['ecs:RegisterTaskDefinition', 'ecs:TagResource'],
    ['ecs:RunTask', 'ecs:TagResource'],
    ['s3:CreateBucket', 's3:TagResource'],
    ['ssm:PutParameter', 'ssm:AddTagsToResource'],
  ])('tag-on-create: %s with tags needs %s, without tags it does not', async (call, tagAction) => {
    // iam:PassRole granted everywhere: CreateFunction always passes a role (see below).
    expect(await predictCalls(anywhere(call, 'iam:PassRole'), [{ action: call, withTags: true }])).toEqual({
      outcome: 'denied',
      missing: [tagAction],
    })
    expect(await predictCalls(anywhere(call, tagAction, 'iam:PassRole'), [{ action: call, withTags: true }])).toEqual({
      outcome: 'allowed',
      missing: [],
    })
    expect(await predictCalls(anywhere(call, 'iam:PassRole'), [{ action: call, withTags: false }])).toEqual({
      outcome: 'allowed',
      missing: [],
    })
  })

  it('ecs:TagResource granted only under ecs:CreateAction is scoped: a denial of it may be that condition', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ecs:CreateService', Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'ecs:TagResource',
          Resource: '*',
          Condition: { StringEquals: { 'ecs:CreateAction': ['CreateCluster'] } },
        },
      ],
    }
    expect(await predictCalls(policy, [{ action: 'ecs:CreateService', withTags: true }])).toEqual({
      outcome: 'allowed',
      missing: [],
      scoped: ['ecs:TagResource'],
    })
  })

  it("a stack operation is not predicted: what it needs depends on its template's resources", async () => {
    const policy = anywhere('cloudformation:CreateStack', 'cloudformation:DescribeStacks')
    const calls = [
      { action: 'cloudformation:CreateStack', withTags: true },
      { action: 'cloudformation:DescribeStacks', withTags: false },
    ]
    expect(await predictCalls(policy, calls)).toBeUndefined()
  })

  it('a call authorized under another name is predicted as that action (HeadBucket is s3:ListBucket)', async () => {
    const bucket = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:CreateBucket', Resource: 'arn:aws:s3:::app-*' }],
    }
    expect(await predictCalls(bucket, [{ action: 's3:HeadBucket', withTags: false }])).toEqual({
      outcome: 'denied',
      missing: ['s3:ListBucket'],
    })
  })

  it('iam:PassRole: always for CreateFunction; for CreateService (a role only if the task has one) at most scoped', async () => {
    expect(
      await predictCalls(anywhere('lambda:CreateFunction'), [{ action: 'lambda:CreateFunction', withTags: false }]),
    ).toEqual({
      outcome: 'denied',
      missing: ['iam:PassRole'],
    })
    const ecsPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ecs:CreateService', Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::*:role/app-task-role',
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
        },
      ],
    }
    // QA: a PassRole denial of CreateService under this policy was flagged "AWS disagrees"; its scope explains it.
    expect(await predictCalls(ecsPolicy, [{ action: 'ecs:CreateService', withTags: false }])).toEqual({
      outcome: 'allowed',
      missing: [],
      scoped: ['iam:PassRole'],
    })
    expect(
      await predictCalls(anywhere('ecs:CreateService'), [{ action: 'ecs:CreateService', withTags: false }]),
    ).toEqual({
      outcome: 'allowed',
      missing: [],
    })
  })
})
