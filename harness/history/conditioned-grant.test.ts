/** Fixes for a denial a declared Condition explains keep the condition (QA: they granted without it). */
import { describe, expect, it } from 'vitest'
import { patchPolicy } from './policy-patch.js'
import { suggestFix } from './suggest-fix.js'
import type { DriftChange } from './types.js'

const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements })
const ROLE = 'arn:aws:iam::123456789012:role/app-task-role'
const SERVICE = 'arn:aws:ecs:eu-west-1:123456789012:service/app-cluster-ab12cd-1/app-svc-ab12cd-3'
const passRole = (passedTo: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: 'PassTaskRole',
  Effect: 'Allow',
  Action: 'iam:PassRole',
  Resource: 'arn:aws:iam::*:role/app-task-role',
  Condition: { StringEquals: { 'iam:PassedToService': passedTo }, ...extra },
})
const passRoleDenial = { action: 'iam:PassRole', resource: ROLE, call: 'ecs:CreateService' }

describe('suggestFix for a denial a declared Condition explains', () => {
  it('iam:PassRole passed to the wrong service: the same scope, for the service the call passed it to', () => {
    const fix = suggestFix(
      passRoleDenial,
      'CreateService',
      policy(passRole('ecs.amazonaws.com')),
      'ab12cd',
      'eu-west-1',
    )
    expect(fix).toEqual({
      missingAction: 'iam:PassRole',
      deniedResource: ROLE,
      suggestedStatement: {
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: 'arn:aws:iam::*:role/app-task-role',
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      conditionNotMet: {
        statement: 'Sid "PassTaskRole"',
        keys: [{ key: 'iam:PassedToService', declared: ['ecs.amazonaws.com'], actual: 'ecs-tasks.amazonaws.com' }],
      },
    })
  })

  it('ecs:TagResource for a creating call the condition does not list: never amends the statement without one', () => {
    const resources = ['arn:aws:ecs:*:*:cluster/app-cluster-*', 'arn:aws:ecs:*:*:service/app-cluster-*/app-svc-*']
    const declared = policy(
      { Sid: 'Ecs', Effect: 'Allow', Action: ['ecs:CreateCluster', 'ecs:CreateService'], Resource: resources },
      {
        Sid: 'EcsTagOnCreate',
        Effect: 'Allow',
        Action: 'ecs:TagResource',
        Resource: resources,
        Condition: { StringEquals: { 'ecs:CreateAction': ['CreateCluster'] } },
      },
    )
    const fix = suggestFix({ action: 'ecs:TagResource', resource: SERVICE }, 'CreateService', declared, 'ab12cd')
    expect(fix.amendsStatement).toBeUndefined()
    expect(fix.suggestedStatement).toEqual({
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: 'arn:aws:ecs:*:*:service/app-cluster-*/app-svc-*',
      Condition: { StringEquals: { 'ecs:CreateAction': 'CreateService' } },
    })
  })

  it('keeps the keys it cannot judge as declared, next to the one it corrects', () => {
    const declared = policy(passRole('ecs.amazonaws.com', { StringLike: { 'aws:PrincipalTag/team': 'app' } }))
    const fix = suggestFix(passRoleDenial, 'CreateService', declared, 'ab12cd', 'eu-west-1')
    expect(fix.suggestedStatement?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      StringLike: { 'aws:PrincipalTag/team': 'app' },
    })
    expect(fix.conditionNotMet?.unknown).toEqual(['aws:PrincipalTag/team'])
  })

  it('a condition only the call knows (its request tags): no statement, and no grant without the condition', () => {
    const declared = policy({
      Sid: 'Queues',
      Effect: 'Allow',
      Action: ['sqs:CreateQueue', 'sqs:TagQueue'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'x' } },
    })
    const denied = { action: 'sqs:TagQueue', resource: 'arn:aws:sqs:eu-west-1:123456789012:q-ab12cd-1' }
    const fix = suggestFix(denied, 'CreateQueue', declared, 'ab12cd', 'eu-west-1')
    expect(fix).toEqual({
      missingAction: 'sqs:TagQueue',
      deniedResource: denied.resource,
      conditionNotMet: { statement: 'Sid "Queues"', keys: [], unknown: ['aws:RequestTag/team'] },
    })
  })

  it('a conditioned grant whose condition holds says nothing about the denial: the usual fix', () => {
    const declared = policy(passRole('ecs-tasks.amazonaws.com'))
    const fix = suggestFix(passRoleDenial, 'CreateService', declared, 'ab12cd', 'eu-west-1')
    expect(fix.conditionNotMet).toBeUndefined()
    expect(fix.missingAction).toBe('iam:PassRole')
  })

  it('the policy patch leaves a condition it cannot correct alone, and says why', () => {
    const declared = policy({
      Sid: 'Queues',
      Effect: 'Allow',
      Action: 'sqs:TagQueue',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'x' } },
    })
    const denied = { action: 'sqs:TagQueue', resource: 'arn:aws:sqs:eu-west-1:123456789012:q-ab12cd-1' }
    const fix = suggestFix(denied, 'CreateQueue', declared, 'ab12cd', 'eu-west-1')
    const change = { scenario: 'app/q', step: 'CreateQueue', region: 'eu-west-1', change: 'open-denial', ...fix }
    const patch = patchPolicy(declared, [change as DriftChange])
    expect(patch.after).toEqual(declared)
    expect(patch.notPatched).toEqual([
      {
        where: 'app/q / CreateQueue @ eu-west-1',
        why: 'the declared Sid "Queues" grants sqs:TagQueue there only under its Condition (the call\'s aws:RequestTag/team is not known here): correct the condition rather than grant sqs:TagQueue without one',
      },
    ])
  })
})
