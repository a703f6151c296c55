/**
 * Table-driven evaluator and validator tests. Every `cases/*.cases.json` file holds evaluate() cases and
 * every `cases/*.parse-cases.json` file holds parsePolicy() cases; names read Given / When / Then.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { evaluate, malformedPolicyMessage, parsePolicy } from './index.js'
import type { Decision, EvaluationRequest, PolicyKind, PolicyType } from './types.js'

interface EvaluationCase {
  name: string
  request: EvaluationRequest
  expected: { decision: Decision; decidedBy: PolicyType; matchedSids?: string[] }
}

interface ParseCase {
  name: string
  kind: PolicyKind
  /** Parse as an inline policy (PutRolePolicy and friends). */
  inline?: boolean
  /** A JSON document, or raw text when `text` is true. */
  document: unknown
  text?: boolean
  expected: { valid: true } | { valid: false; message: string; paths: string[]; details?: string[] }
}

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases')

function load<T>(suffix: string): [string, T][] {
  return readdirSync(casesDir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .flatMap((file) => {
      const cases = JSON.parse(readFileSync(join(casesDir, file), 'utf8')) as T[]
      return cases.map((item) => [`${file}: ${(item as { name: string }).name}`, item] as [string, T])
    })
}

const evaluationCases = load<EvaluationCase>('.cases.json')
const parseCases = load<ParseCase>('.parse-cases.json')

describe('evaluate', () => {
  test('has a meaningful number of cases', () => {
    expect(evaluationCases.length).toBeGreaterThanOrEqual(150)
  })

  test.each(evaluationCases)('%s', (_name, { request, expected }) => {
    const result = evaluate(request)
    expect({ decision: result.decision, decidedBy: result.decidedBy }).toEqual({
      decision: expected.decision,
      decidedBy: expected.decidedBy,
    })
    if (expected.matchedSids)
      expect(result.matchedStatements.map((statement) => statement.sid)).toEqual(expected.matchedSids)
  })

  test('gives the same answer for a document passed as text, object or parsed policy', () => {
    const document = {
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'Logs', Effect: 'Allow' as const, Action: 'logs:*', Resource: '*' }],
    }
    const parsed = parsePolicy(document, 'identity').policy
    for (const form of [JSON.stringify(document), document, parsed ?? document]) {
      const result = evaluate({
        action: 'logs:CreateLogGroup',
        resource: '*',
        identityPolicies: [{ id: 'p', document: form }],
      })
      expect(result.decision).toBe('Allowed')
    }
  })
})

describe('parsePolicy', () => {
  test.each(parseCases)('%s', (_name, { kind, inline, document, text, expected }) => {
    const input = text ? String(document) : document
    const { policy, errors } = parsePolicy(input, kind, { inline })
    if (expected.valid) {
      expect(errors).toEqual([])
      expect(policy?.statements.length).toBeGreaterThan(0)
      return
    }
    expect(policy).toBeUndefined()
    expect(malformedPolicyMessage(errors, kind)).toBe(expected.message)
    const paths = errors.map((error) => error.path)
    for (const path of expected.paths) expect(paths).toContain(path)
    const messages = errors.map((error) => error.message).join('\n')
    for (const detail of expected.details ?? []) expect(messages).toContain(detail)
  })
})
