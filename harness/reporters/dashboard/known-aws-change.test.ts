import { expect, it } from 'vitest'
import { knownAwsChange } from './markers.js'

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
