/** Cause attribution, table-driven: the declared policies of both runs and the denial decide it. */
import { describe, expect, it } from 'vitest'
import type { Outcome } from '../outcomes/types.js'
import { attributeCause } from './cause.js'
import { allowed, deniedBy, logsTagOnCreate2022 } from './run-fixtures.js'

const policy = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
})
const REPO = 'arn:aws:ecr:ca-central-1:210987654321:repository/harness-repo-x1'
const scpDenial: Outcome = {
  ...deniedBy('ecr:CreateRepository', REPO),
  denied: {
    action: 'ecr:CreateRepository',
    reason: 'explicit deny in a service control policy',
    policyType: 'service control',
  },
} as Outcome

describe('attributeCause', () => {
  it.each([
    [
      'you removed the permission: policy-change',
      { change: 'regression', from: allowed(), to: deniedBy('ecr:TagResource', REPO) },
      policy('ecr:CreateRepository', 'ecr:TagResource'),
      policy('ecr:CreateRepository'),
      { cause: 'policy-change', causeText: "you removed ecr:TagResource in this run's policy" },
    ],
    [
      'same policy, new denial: aws-change',
      { change: 'regression', from: allowed(), to: deniedBy('ecr:TagResource', REPO) },
      policy('ecr:CreateRepository'),
      policy('ecr:CreateRepository'),
      { cause: 'aws-change', causeText: 'AWS changed what this call needs: the declared policy did not change' },
    ],
    [
      'an unrelated edit does not explain it: aws-change',
      { change: 'regression', from: allowed(), to: logsTagOnCreate2022() },
      policy('logs:CreateLogGroup', 'ecr:CreateRepository'),
      policy('logs:CreateLogGroup'),
      { cause: 'aws-change', causeText: 'AWS changed what this call needs: your policy edit does not explain it' },
    ],
    [
      'Logs 2022 message names two candidates; removing the one you had is yours',
      { change: 'regression', from: allowed(), to: logsTagOnCreate2022() },
      policy('logs:CreateLogGroup', 'logs:TagLogGroup'),
      policy('logs:CreateLogGroup'),
      { cause: 'policy-change', causeText: "you removed logs:TagResource / logs:TagLogGroup in this run's policy" },
    ],
    [
      'a denial from an SCP: guardrail',
      { change: 'regression', from: allowed(), to: scpDenial },
      policy('ecr:CreateRepository'),
      policy('ecr:CreateRepository'),
      {
        cause: 'guardrail',
        causeText: 'the denial comes from a service control policy (SCP), not from the declared policy',
      },
    ],
    [
      'you added the permission: the relaxation is yours',
      { change: 'relaxation', from: deniedBy('ecr:TagResource', REPO), to: allowed() },
      policy('ecr:CreateRepository'),
      policy('ecr:CreateRepository', 'ecr:TagResource'),
      { cause: 'policy-change', causeText: "you added ecr:TagResource in this run's policy" },
    ],
  ] as const)('%s', (_name, change, baselinePolicy, currentPolicy, expected) => {
    expect(attributeCause({ ...change, baselinePolicy, currentPolicy })).toEqual(expected)
  })

  describe('an action still granted on other resources (EC2 tag-on-create, QA)', () => {
    const VOLUME = 'arn:aws:ec2:us-east-1:210987654321:volume/*'
    const context = { 'ec2:CreateAction': 'RunInstances' }
    const tagging = (...types: string[]) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:CreateTags',
          Resource: types.map((type) => `arn:aws:ec2:*:*:${type}/*`),
          Condition: { StringEquals: context },
        },
      ],
    })

    it('says the edit narrowed it, naming the resource it no longer covers, not that it was removed', () => {
      const change = { change: 'regression', from: allowed(), to: deniedBy('ec2:CreateTags', VOLUME), context } as const
      expect(
        attributeCause({
          ...change,
          baselinePolicy: tagging('instance', 'volume'),
          currentPolicy: tagging('instance'),
        }),
      ).toEqual({
        cause: 'policy-change',
        causeText: `you narrowed ec2:CreateTags in this run's policy: it no longer covers ${VOLUME}`,
      })
    })

    it('says the edit widened it when the relaxation is the resource it now covers', () => {
      const change = { change: 'relaxation', from: deniedBy('ec2:CreateTags', VOLUME), to: allowed(), context } as const
      expect(
        attributeCause({
          ...change,
          baselinePolicy: tagging('instance'),
          currentPolicy: tagging('instance', 'volume'),
        }),
      ).toEqual({
        cause: 'policy-change',
        causeText: `you widened ec2:CreateTags in this run's policy to cover ${VOLUME}`,
      })
    })
  })

  it('says nothing about unchanged steps or steps that were never allowed', () => {
    expect(attributeCause({ change: 'unchanged', from: allowed(), to: allowed() })).toBeUndefined()
    expect(attributeCause({ change: 'open-denial', to: deniedBy('ecr:TagResource') })).toBeUndefined()
  })
})
