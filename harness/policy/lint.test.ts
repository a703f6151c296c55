/** Lint and wildcard expansion against the IAM catalogue, and the benchmark request's realism. */
import { describe, expect, test } from 'vitest'
import { benchmarkRequest } from './benchmark.js'
import { benchmarkEvaluator, evaluate, expandActions, lintPolicy, parsePolicy } from './index.js'
import type { ParsedPolicy, PolicyDocument } from './types.js'

function parsed(document: PolicyDocument): ParsedPolicy {
  const { policy, errors } = parsePolicy(document, 'identity')
  expect(errors).toEqual([])
  return policy as ParsedPolicy
}

describe('expandActions', () => {
  test('Given logs:Tag*, When expanded, Then both CloudWatch Logs tagging actions are listed', async () => {
    expect(await expandActions('logs:Tag*')).toEqual(['logs:TagLogGroup', 'logs:TagResource'])
  })

  test('Given a pattern in another case, When expanded, Then matching ignores case', async () => {
    expect(await expandActions('ECR:createrepository')).toEqual(['ecr:CreateRepository'])
  })

  test('Given an unknown service, When expanded, Then nothing is listed', async () => {
    expect(await expandActions('nosuchservice:*')).toEqual([])
  })
})

describe('lintPolicy', () => {
  test('Given known actions and condition keys, When linted, Then there are no findings', async () => {
    const policy = parsed({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:Tag*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:RequestTag/team': 'a' } },
        },
      ],
    })
    expect(await lintPolicy(policy)).toEqual([])
  })

  test('Given a misspelt action, an unknown service, an empty wildcard and an unknown key, When linted, Then each is reported with its path', async () => {
    const policy = parsed({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroups', 'nosuchservice:Get', 'logs:Zz*'],
          Resource: '*',
          Condition: { StringEquals: { 'logs:NoSuchKey': 'x' } },
        },
      ],
    })
    expect(await lintPolicy(policy)).toEqual([
      {
        path: 'Statement[1].Action',
        severity: 'error',
        message: '"logs:CreateLogGroups": unknown action for service "logs"',
      },
      {
        path: 'Statement[1].Action',
        severity: 'error',
        message: '"nosuchservice:Get": unknown service prefix "nosuchservice"',
      },
      { path: 'Statement[1].Action', severity: 'warning', message: '"logs:Zz*" matches no known action' },
      {
        path: 'Statement[1].Condition.StringEquals.logs:NoSuchKey',
        severity: 'warning',
        message: '"logs:NoSuchKey" is not a known condition key',
      },
    ])
  })
})

describe('benchmarkEvaluator', () => {
  test('Given the benchmark request, When evaluated, Then it exercises the full allow path', () => {
    const result = evaluate(benchmarkRequest())
    expect(result.decision).toBe('Allowed')
    expect(result.matchedStatements.map((statement) => statement.policyType)).toEqual([
      'service control',
      'service control',
      'identity-based',
      'permissions boundary',
    ])
  })

  test('Given a few iterations, When benchmarked, Then it reports a rate', () => {
    const report = benchmarkEvaluator(100)
    expect(report.iterations).toBe(100)
    expect(report.decisionsPerSecond).toBeGreaterThan(0)
  })
})
