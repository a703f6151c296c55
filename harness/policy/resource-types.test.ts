/** Resource patterns against the catalogue's resource types (seed 002: EKS add-on ARNs). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the catalogue's ARN templates are written with ${Var}
import { describe, expect, it } from 'vitest'
import { arnPatternsOverlap, canonicalAction, matchingResourceTypes, resourceTypesOf } from './resource-types.js'

describe('resource types from the catalogue', () => {
  it.each([
    [
      'arn:aws:logs:*:*:log-group:harness-lg-*',
      'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
      true,
    ],
    ['arn:aws:ec2:*::image/*', 'arn:${Partition}:ec2:${Region}::image/${ImageId}', true],
    ['arn:aws:ec2:*::image/*', 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}', false],
    [
      'arn:aws:eks:eu-central-1:123412341234:/createaddon',
      'arn:${Partition}:eks:${Region}:${Account}:addon/${ClusterName}/${AddonName}/${UUID}',
      false,
    ],
    [
      'arn:aws:eks:eu-central-1:123412341234:addon/my-cluster/*/*',
      'arn:${Partition}:eks:${Region}:${Account}:addon/${ClusterName}/${AddonName}/${UUID}',
      true,
    ],
    [
      'arn:aws:ecr:*:*:repository/harness-repo-?',
      'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
      true,
    ],
    ['arn:aws:s3:::bucket', 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}', false],
  ])('%s overlaps %s: %s', (pattern, template, expected) => {
    expect(arnPatternsOverlap(pattern, template)).toBe(expected)
  })

  it('lists the types an action accepts and which of them a pattern can match', async () => {
    const types = await resourceTypesOf('eks:TagResource')
    expect(types?.map((t) => t.name)).toContain('addon')
    expect(matchingResourceTypes('arn:aws:eks:eu-central-1:123412341234:addon/my-cluster/*/*', types ?? [])).toEqual([
      'addon',
    ])
    expect(matchingResourceTypes('arn:aws:eks:eu-central-1:123412341234:/createaddon', types ?? [])).toEqual([])
    expect(await resourceTypesOf('logs:NoSuchAction')).toBeUndefined()
  })

  it('spells actions as the catalogue does', async () => {
    expect(await canonicalAction('sqs:createqueue')).toBe('sqs:CreateQueue')
    expect(await canonicalAction('logs:Tag*')).toBe('logs:Tag*')
  })
})

describe('lintResourceTypes', () => {
  const lint = async (statements: object[]) => {
    const { parsePolicy } = await import('./parse.js')
    const { lintResourceTypes } = await import('./resource-lint.js')
    const { policy } = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity')
    return lintResourceTypes(policy!)
  }

  it('flags the EKS add-on ARN AWS checks (seed 002) and a typo in a resource type', async () => {
    const findings = await lint([
      { Effect: 'Allow', Action: 'eks:TagResource', Resource: 'arn:aws:eks:eu-central-1:123412341234:/createaddon' },
      { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: 'arn:aws:logs:*:*:loggroup:*' },
    ])
    expect(findings.map((f) => f.path)).toEqual([
      'Statement[0].Resource[0]',
      'Statement[0].Action',
      'Statement[1].Resource[0]',
      'Statement[1].Action',
    ])
    expect(findings[0]?.message).toMatch(/matches no resource type of eks:TagResource/)
  })

  it('finds nothing wrong with the shipped minimal policy or with wildcard actions on their types', async () => {
    const { readFile } = await import('node:fs/promises')
    const shipped = JSON.parse(await readFile(new URL('../../scenarios/minimal-policy.json', import.meta.url), 'utf8'))
    expect(await lint(shipped.Statement)).toEqual([])
    expect(
      await lint([{ Effect: 'Allow', Action: 'eks:*', Resource: 'arn:aws:eks:eu-central-1:123412341234:addon/c/*/*' }]),
    ).toEqual([])
  })
})
