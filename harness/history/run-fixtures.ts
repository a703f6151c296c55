/** Builders for run records in tests (history, reporters, commands). Not used at runtime. */
import type { Outcome } from '../outcomes/types.js'
import type { RunRecord, StepResult } from './types.js'

export const ROLE_ARN = 'arn:aws:sts::210987654321:assumed-role/harness-minimal/harness-run'

export const allowed = (extra: Partial<Outcome> = {}): Outcome =>
  ({ kind: 'allowed', durationMs: 120, ...extra }) as Outcome

export function deniedBy(action: string, resource?: string): Outcome {
  const on = resource ? ` on resource: ${resource}` : ''
  return {
    kind: 'denied',
    durationMs: 80,
    errorName: 'AccessDeniedException',
    httpStatus: 400,
    requestId: 'b1d2c3e4-0000-4000-8000-000000000001',
    message: `User: ${ROLE_ARN} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
    denied: {
      principal: ROLE_ARN,
      action,
      ...(resource ? { resource } : {}),
      reason: 'no identity-based policy allows',
      policyType: 'identity-based',
    },
  }
}

export const logsTagOnCreate2022 = (): Outcome => ({
  kind: 'denied',
  durationMs: 75,
  errorName: 'AccessDeniedException',
  httpStatus: 400,
  requestId: 'b1d2c3e4-0000-4000-8000-000000000002',
  message: 'User with accountId: 210987654321 is not authorized to perform CreateLogGroup with Tags',
  denied: {
    principal: '210987654321',
    operation: 'CreateLogGroup',
    reason: 'tag-on-create',
    actionCandidates: ['logs:TagResource', 'logs:TagLogGroup'],
  },
})

export const failed = (
  kind: 'region-not-ready' | 'credentials' | 'throttled' | 'error',
  errorName: string,
): Outcome => ({
  kind,
  durationMs: 30,
  errorName,
  httpStatus: kind === 'throttled' ? 400 : 403,
  message: `${errorName} happened`,
  ...(kind === 'throttled' ? { attempts: 3 } : {}),
})

export const skipped = (reason = 'an earlier step failed'): Outcome => ({ kind: 'skipped', durationMs: 0, reason })

export type ResultSpec = [scenario: string, step: string, region: string, outcome: Outcome]

export function makeRun(
  runId: string,
  startedAt: string,
  specs: ResultSpec[],
  extra: Partial<RunRecord> = {},
): RunRecord {
  const results: StepResult[] = specs.map(([scenario, step, region, outcome]) => ({
    scenario,
    step,
    region,
    outcome,
    startedAt,
    finishedAt: startedAt,
  }))
  const finishedAt = new Date(Date.parse(startedAt) + 60_000).toISOString()
  return {
    schemaVersion: 2,
    runId,
    startedAt,
    finishedAt,
    target: 'local',
    endpoint: 'emulator',
    harnessVersion: '0.1.0',
    policyHash: 'sha256:0f0e0d',
    account: { id: '210987654321', createdAt: startedAt, fresh: true },
    regions: [...new Set(specs.map(([, , region]) => region))].map((name) => ({ name })),
    scenarios: [...new Set(specs.map(([scenario]) => scenario))],
    results,
    ...extra,
  }
}
