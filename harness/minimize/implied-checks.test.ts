/**
 * The checks a recorded call implies on real AWS come from the emulator's own operation definitions: the real
 * ARN format of each resource type (no second copy), generalized by narrow.ts into patterns that the IAM
 * catalogue recognises as the action's resource types.
 */
import { describe, expect, it } from 'vitest'
import { matchingResourceTypes, resourceTypesOf } from '../policy/resource-types.js'
import { catalogueChecks, impliedChecks } from './implied-checks.js'
import { generalizeArn } from './narrow.js'

const patternsOf = async (action: string) =>
  [
    ...new Set(
      (await impliedChecks(action, 'eu-west-1', '123456789012')).map((check) => generalizeArn(check.resource, '')),
    ),
  ].sort()

describe('impliedChecks', () => {
  it('gives each call the ARN format its operation is authorized on, name left open', async () => {
    expect(await patternsOf('logs:CreateLogGroup')).toEqual(['arn:aws:logs:*:*:log-group:*'])
    expect(await patternsOf('ecr:CreateRepository')).toEqual(['arn:aws:ecr:*:*:repository/*'])
    expect(await patternsOf('ec2:RunInstances')).toEqual([
      'arn:aws:ec2:*:*:instance/*',
      'arn:aws:ec2:*:*:network-interface/*',
      'arn:aws:ec2:*:*:security-group/*',
      'arn:aws:ec2:*:*:subnet/*',
      'arn:aws:ec2:*:*:volume/*',
      'arn:aws:ec2:*::image/*',
    ])
    const checks = await impliedChecks('ec2:RunInstances', 'eu-west-1', '123456789012')
    expect(checks.every((c) => c.region === 'eu-west-1')).toBe(true)
  })

  it('implies nothing for an operation whose resource comes only from its parameters or that no service defines', async () => {
    expect(await impliedChecks('ec2:TerminateInstances', 'us-east-1', '123456789012')).toEqual([])
    expect(await impliedChecks('ec2:DescribeInstances', 'us-east-1', '123456789012')).toEqual([])
    expect(await impliedChecks('nosuch:DoThing', 'us-east-1', '123456789012')).toEqual([])
  })

  it('yields patterns the IAM catalogue matches to a resource type of the action (the lint stays quiet)', async () => {
    for (const action of ['logs:CreateLogGroup', 'ecr:CreateRepository', 'ec2:RunInstances']) {
      const types = (await resourceTypesOf(action)) ?? []
      expect(types.length).toBeGreaterThan(0)
      for (const pattern of await patternsOf(action))
        expect(matchingResourceTypes(pattern, types), pattern).not.toEqual([])
    }
  })

  it('falls back to the catalogue’s required resource types, variables wildcarded; none for Describe*', async () => {
    const terminate = await catalogueChecks('ec2:TerminateInstances', 'us-east-1')
    expect(terminate.map((check) => check.resource)).toEqual(['arn:aws:ec2:*:*:instance/*'])
    expect(await catalogueChecks('ec2:DescribeInstances', 'us-east-1')).toEqual([])
  })
})
