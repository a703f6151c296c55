import { expect, it } from 'vitest'
import type { RunRecord } from '../../history/types.js'
import { addPredictions } from '../../runtime/run-record.js'
import { knownAwsChange, ruleInForce } from './markers.js'

it('names the dated AWS change an aws-change regression most likely is, once it had reached the region', () => {
  const logs = 'aws-2022-logs-create-log-group-tag-on-create'
  // ca-central-1 met the Logs change on 2022-11-10; other regions (beyond the first two) on 2022-11-23.
  expect(knownAwsChange('logs:CreateLogGroup', 'ca-central-1', '2022-11-09')).toBeUndefined()
  expect(knownAwsChange('logs:CreateLogGroup', 'ca-central-1', '2022-11-15')).toMatchObject({
    change: { id: logs },
    date: '2022-11-10',
  })
  expect(knownAwsChange('logs:CreateLogGroup', 'eu-west-1', '2022-11-15')).toBeUndefined()
  expect(knownAwsChange('logs:CreateLogGroup', 'eu-west-1', '2022-11-23T03:00:00Z')?.change.id).toBe(logs)
  // A message-only change (2023's wording) is not one that asks for a permission.
  expect(knownAwsChange('logs:CreateLogGroup', 'eu-west-1', '2024-01-01')?.change.id).toBe(logs)
  expect(knownAwsChange('sqs:CreateQueue', 'eu-west-1', '2024-01-01')).toBeUndefined()
})

it('names a change only when it asks for what the denial asked for (QA: ecr:PutLifecyclePolicy is not the 2022 TagResource change)', () => {
  const ecr = 'aws-2022-ecr-create-repository-tag-on-create'
  expect(
    knownAwsChange('ecr:CreateRepository', 'us-east-1', '2023-01-01', undefined, ['ecr:TagResource'])?.change.id,
  ).toBe(ecr)
  expect(
    knownAwsChange('ecr:CreateRepository', 'us-east-1', '2023-01-01', undefined, ['ecr:PutLifecyclePolicy']),
  ).toBeUndefined()
  // Either Logs permission names the Logs change.
  expect(
    knownAwsChange('logs:CreateLogGroup', 'ca-central-1', '2022-11-15', undefined, ['logs:TagLogGroup'])?.change.id,
  ).toBe('aws-2022-logs-create-log-group-tag-on-create')
})

it('holds a replay to a tag-on-create rule only once its dated change had reached the region', () => {
  const tagging = ['logs:TagResource', 'logs:TagLogGroup']
  // ca-central-1 met the Logs change on 2022-11-10.
  expect(ruleInForce('logs:CreateLogGroup', 'ca-central-1', '2022-10-01', tagging)).toBe(false)
  expect(ruleInForce('logs:CreateLogGroup', 'ca-central-1', '2022-11-15', tagging)).toBe(true)
  // A rule no dated change introduced (SQS tags on create) holds on every date.
  expect(ruleInForce('sqs:CreateQueue', 'eu-west-1', '2010-01-01', ['sqs:TagQueue'])).toBe(true)
})

it('predicts a 2022 replay by the rules of its date: no tagging permission before the change reached the region', async () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
  }
  const result = {
    scenario: 'logs/create-tagged-log-group',
    step: 'CreateLogGroup',
    region: 'ca-central-1',
    outcome: { kind: 'allowed' as const, durationMs: 1 },
    startedAt: '2026-12-07T00:00:00.000Z',
    finishedAt: '2026-12-07T00:00:01.000Z',
    calls: [{ action: 'logs:CreateLogGroup', withTags: true }],
  }
  const record = (emulatorDate?: string) =>
    ({ policy, results: [result], ...(emulatorDate ? { emulatorDate } : {}) }) as unknown as RunRecord
  const before = await addPredictions(record('2022-10-01T00:00:00.000Z'))
  expect(before.results[0]?.prediction).toEqual({ outcome: 'allowed', missing: [] })
  const after = await addPredictions(record('2023-02-01T00:00:00.000Z'))
  expect(after.results[0]?.prediction).toMatchObject({
    outcome: 'denied',
    missing: ['logs:TagResource|logs:TagLogGroup'],
  })
  // Today (no replay): today's rules.
  expect((await addPredictions(record())).results[0]?.prediction?.outcome).toBe('denied')
})
