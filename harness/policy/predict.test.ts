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
})
