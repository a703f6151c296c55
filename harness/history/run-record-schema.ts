/** zod schema of the stored run record (schemaVersion 2; 1 is upgraded on read). Loose objects: later writers may add fields. */
import { z } from 'zod'
import { RUN_RECORD_SCHEMA_VERSION } from './types.js'

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO date-time')

export const deniedDetailsSchema = z.looseObject({
  action: z.string().optional(),
  resource: z.string().optional(),
  reason: z.string().optional(),
  policyType: z.string().optional(),
  policyArn: z.string().optional(),
  principal: z.string().optional(),
  encodedMessage: z.string().optional(),
  actionCandidates: z.array(z.string()).optional(),
  operation: z.string().optional(),
})

const durationMs = z.number().nonnegative()

export const outcomeSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('allowed'),
    durationMs,
    dryRun: z.boolean().optional(),
    requestId: z.string().optional(),
    attempts: z.number().int().optional(),
  }),
  z.looseObject({
    kind: z.enum(['denied', 'region-not-ready', 'credentials', 'throttled', 'error']),
    durationMs,
    errorName: z.string(),
    httpStatus: z.number().int().optional(),
    requestId: z.string().optional(),
    message: z.string(),
    denied: deniedDetailsSchema.optional(),
    attempts: z.number().int().optional(),
    fault: z.enum(['client', 'server']).optional(),
  }),
  z.looseObject({ kind: z.literal('skipped'), durationMs, reason: z.string() }),
])

const probeSchema = z.looseObject({ waitedMs: durationMs, outcome: outcomeSchema, at: isoDate })

export const stepResultSchema = z.looseObject({
  scenario: z.string().min(1),
  step: z.string().min(1),
  region: z.string().min(1),
  outcome: outcomeSchema,
  startedAt: isoDate,
  finishedAt: isoDate,
  expect: z.literal('denied').optional(),
  probes: z.array(probeSchema).optional(),
  transientDenial: z.boolean().optional(),
  calls: z.array(z.looseObject({ action: z.string(), withTags: z.boolean() })).optional(),
  prediction: z
    .looseObject({
      outcome: z.enum(['allowed', 'denied']),
      missing: z.array(z.string()),
      scoped: z.array(z.string()).optional(),
    })
    .optional(),
  notFresh: z.string().optional(),
  accountId: z.string().optional(),
  freshness: z.enum(['fresh', 'seasoned']).optional(),
})

export const runRecordSchema = z.looseObject({
  schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
  runId: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, ".", "_" or "-" (it names the file)'),
  startedAt: isoDate,
  finishedAt: isoDate,
  target: z.enum(['local', 'aws']),
  harnessVersion: z.string(),
  endpoint: z.string().min(1),
  policyHash: z.string(),
  policy: z.unknown().optional(),
  policyFile: z.string().optional(),
  emulatorDate: z.string().optional(),
  releaseCheck: z.literal(true).optional(),
  account: z.looseObject({ id: z.string(), createdAt: z.string(), fresh: z.boolean() }),
  strategy: z.enum(['pool', 'per-run']).optional(),
  poolAccounts: z
    .array(
      z.looseObject({
        id: z.string(),
        createdAt: z.string(),
        vended: z.boolean(),
        role: z.enum(['fresh', 'seasoned', 'fresh+seasoned']),
        regions: z.array(z.string()),
      }),
    )
    .optional(),
  plan: z.looseObject({ vended: z.array(z.string()), reused: z.array(z.string()) }).optional(),
  regions: z.array(
    z.looseObject({
      name: z.string(),
      optInStatus: z.string().optional(),
      enabledDuringRun: z.boolean().optional(),
      error: z.string().optional(),
    }),
  ),
  scenarios: z.array(z.string()),
  results: z.array(stepResultSchema),
  cleanupProblems: z.array(z.string()).optional(),
  suiteScenarios: z.array(z.string()).optional(),
  trail: z
    .looseObject({
      regions: z.array(z.string()),
      since: isoDate,
      denials: z.array(
        z.looseObject({
          eventName: z.string(),
          eventSource: z.string(),
          errorCode: z.string(),
          message: z.string(),
          invokedBy: z.string().optional(),
          denied: deniedDetailsSchema,
        }),
      ),
      problems: z.array(z.string()),
    })
    .optional(),
  verifyFix: z
    .looseObject({
      status: z.enum(['verified', 'not-verified']),
      reason: z.string(),
      runId: z.string().optional(),
      accountId: z.string().optional(),
      regions: z.array(z.string()),
      scenarios: z.array(z.string()),
      steps: z.array(followUpStepSchema()),
      otherFailures: z.array(followUpStepSchema()),
      policy: z.unknown().optional(),
    })
    .optional(),
  blastRadius: z
    .array(
      z.looseObject({
        scenario: z.string(),
        step: z.string(),
        region: z.string(),
        radius: z.enum(['new-accounts-only', 'all-accounts', 'unknown']),
        reason: z.string(),
        accountId: z.string().optional(),
        seasonedSince: z.string().optional(),
        outcome: z.string().optional(),
      }),
    )
    .optional(),
})

function followUpStepSchema() {
  return z.looseObject({
    scenario: z.string(),
    step: z.string(),
    region: z.string(),
    outcome: z.string(),
    detail: z.string().optional(),
  })
}

/** The endpoint a schemaVersion 1 record implies: v1 never stored one, and only ran on these two. */
export const defaultEndpointFor = (target: unknown): string => (target === 'aws' ? 'aws' : 'emulator')

/** A schemaVersion 1 record as version 2: the same fields plus the endpoint its target implies. */
export function upgradeV1(data: Record<string, unknown>): Record<string, unknown> {
  return { ...data, schemaVersion: 2, endpoint: defaultEndpointFor(data.target) }
}

/** "results[3].outcome.kind: Invalid option…" — one line per problem, naming the field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
    .join('; ')
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)'
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('')
}
