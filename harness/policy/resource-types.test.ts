/** Resource patterns against the catalogue's resource types (seed 002: EKS add-on ARNs). */
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
