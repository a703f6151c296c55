/**
 * What minimize reports it changed is what it wrote (QA: "kept sns:CreateTopic, sns:CreateTopic" and
 * "iam:PassRole: …app-worker-role-* → …app-task-role" for a least.json equal to the input). The probe is a
 * stand-in for the scenario runs: a step passes while the policy grants each action it needs.
 */
import { describe, expect, it } from 'vitest'
import type { StepResult } from '../history/types.js'
import { minimizePolicy } from './minimize.js'
import { type PolicyDocument, statementCovers } from './policy-document.js'
import type { Probe } from './probe.js'
import { renderMinimizeText } from './render.js'

/** The QA project's shape: one action granted by two statements, on different resources and conditions. */
const INPUT: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Sns', Effect: 'Allow', Action: ['sns:CreateTopic', 'sns:TagResource'], Resource: 'arn:aws:sns:*:*:app-*' },
    {
      Sid: 'PassWorkerRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::*:role/app-worker-role-*',
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    {
      Sid: 'PassTaskRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::*:role/app-task-role',
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    {
      Sid: 'CfnResources',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogGroups', 'sns:CreateTopic'],
      Resource: ['arn:aws:logs:*:*:log-group:app-stack-*', 'arn:aws:sns:*:*:app-stack-*'],
    },
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: 'arn:aws:logs:*:*:log-group:app-lg-*' },
  ],
}
const NEEDED = ['sns:CreateTopic', 'sns:TagResource', 'iam:PassRole', 'logs:CreateLogGroup']

const stepResult = (outcome: StepResult['outcome']): StepResult => ({
  scenario: 'app/all',
  step: 'Everything',
  region: 'eu-west-1',
  outcome,
  startedAt: '2026-12-07T00:00:00.000Z',
  finishedAt: '2026-12-07T00:00:01.000Z',
})

const probe: Probe = async (policy) => {
  const missing = NEEDED.find(
    (action) => !policy.Statement.some((s) => s.Effect === 'Allow' && statementCovers(s, action)),
  )
  const outcome: StepResult['outcome'] = missing
    ? { kind: 'denied', errorName: 'AccessDenied', message: '', durationMs: 1, denied: { action: missing } }
    : { kind: 'allowed', durationMs: 1 }
  const checks = NEEDED.map((action) => ({
    action,
    resource: '',
    operation: 'Everything',
    region: 'eu-west-1',
    decision: 'Allowed' as const,
  }))
  return { ok: !missing, results: [stepResult(outcome)], nameToken: 'ab12cd', checks }
}

describe('minimize: the Changes section', () => {
  it('reports only what differs between the input and the written policy', async () => {
    const result = await minimizePolicy({ input: INPUT, source: 'policy.json', probe })
    // Only logs:DescribeLogGroups went; every other grant stays as written, each in its own statement.
    expect(result.policy.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual(
      INPUT.Statement.map((s) => [s.Sid, [s.Action].flat().filter((a) => a !== 'logs:DescribeLogGroups'), s.Resource]),
    )
    expect(result.diff.narrowed).toEqual([])
    const text = renderMinimizeText(result, 'policy.json')
    const changes = text.slice(text.indexOf('Changes against'), text.indexOf('Evidence'))
    expect(changes).toBe('Changes against policy.json:\n  - logs:DescribeLogGroups: dropped\n\n')
  })
})
