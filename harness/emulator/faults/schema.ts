/**
 * Validation of fault rules from `--faults <file>` and `POST /_emulator/faults`: a JSON array of
 * rules, `{ "faults": [...] }` or `{ "rules": [...] }`. Every problem is reported, naming the entry
 * and the field.
 */
import { z } from 'zod'
import { HarnessError } from '../../errors.js'
import type { FaultRule } from './types.js'

// Bounded so a fault file or POST /_emulator/faults cannot make every request scan megabytes of rules.
const MAX_RULES = 1000
const name = z.string().min(1).max(256)
const oneOrMany = z.union([name, z.array(name).min(1).max(100)])

const ruleSchema = z
  .strictObject({
    service: oneOrMany.optional(),
    operation: oneOrMany.optional(),
    region: oneOrMany.optional(),
    accountId: oneOrMany.optional(),
    rate: z.number().min(0).max(1).optional(),
    count: z.number().int().min(0).optional(),
    seed: z.number().int().optional(),
    fault: z
      .enum([
        'throttle',
        'internal-error',
        'service-unavailable',
        'connection-reset',
        'lost-response',
        'slow',
        'create-account-failure',
      ])
      .optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    failureReason: z
      .string()
      .regex(/^[A-Z_]+$/, { message: 'must be a FailureReason such as EMAIL_ALREADY_EXISTS' })
      .optional(),
    message: z.string().min(1).max(2000).optional(),
  })
  .superRefine((rule, issues) => {
    const fault = rule.fault ?? (rule.failureReason ? 'create-account-failure' : undefined)
    if (!fault)
      issues.addIssue({
        code: 'custom',
        path: ['fault'],
        message:
          'is required (throttle, internal-error, service-unavailable, connection-reset, slow or create-account-failure)',
      })
    if (fault === 'slow' && rule.delayMs === undefined)
      issues.addIssue({ code: 'custom', path: ['delayMs'], message: 'is required for a "slow" fault' })
    if (fault === 'create-account-failure' && !rule.failureReason)
      issues.addIssue({
        code: 'custom',
        path: ['failureReason'],
        message: 'is required for a "create-account-failure" fault',
      })
    if (fault !== 'create-account-failure' && rule.failureReason)
      issues.addIssue({
        code: 'custom',
        path: ['failureReason'],
        message: 'only applies to "create-account-failure" faults',
      })
  })

/** A HarnessError, so the CLI maps it to exit 2 like any other bad input; `problems` lists every issue. */
export class FaultRulesError extends HarnessError {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super('FAULTS_INVALID', message)
    this.name = 'FaultRulesError'
  }
}

/** Validated, normalized rules: create-account failures always name organizations / CreateAccount. */
export function parseFaultRules(input: unknown, sourceName = 'fault rules'): FaultRule[] {
  const entries = ruleList(input)
  if (!entries) {
    throw new FaultRulesError(`${sourceName}: expected a JSON array of rules, {"faults": [...]} or {"rules": [...]}`)
  }
  if (entries.length > MAX_RULES)
    throw new FaultRulesError(`${sourceName}: ${entries.length} rules; at most ${MAX_RULES} are allowed`)
  const rules: FaultRule[] = []
  const problems: string[] = []
  entries.forEach((entry, index) => {
    const result = ruleSchema.safeParse(entry)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(entry)'
        problems.push(`entry ${index}, field "${field}": ${issue.message}`)
      }
      return
    }
    rules.push(normalize(result.data))
  })
  if (problems.length > 0) throw new FaultRulesError(`${sourceName}:\n  ${problems.join('\n  ')}`, problems)
  return rules
}

function ruleList(input: unknown): unknown[] | undefined {
  if (Array.isArray(input)) return input
  if (typeof input !== 'object' || input === null) return undefined
  const record = input as Record<string, unknown>
  const list = record['faults'] ?? record['rules']
  return Array.isArray(list) && Object.keys(record).length === 1 ? list : undefined
}

function normalize(rule: z.output<typeof ruleSchema>): FaultRule {
  const normalized: FaultRule = { ...rule }
  if (rule.failureReason) {
    normalized.fault = 'create-account-failure'
    normalized.service = 'organizations'
    normalized.operation = 'CreateAccount'
  }
  return normalized
}
