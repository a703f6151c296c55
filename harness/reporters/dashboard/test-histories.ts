/**
 * Generated histories for the dashboard's tests, bench and screenshots (not used at runtime). One synthetic
 * story on the emulated 2022 calendar, cut to any length: the Logs tag-on-create denial reaches af-south-1 on
 * 2022-10-26 and ca-central-1 on 2022-11-10 and is fixed by a policy change on 2022-11-20; ECR starts denying
 * ecr:TagResource on 2022-12-21 in three regions and stays open; a region not ready, a throttled night and a
 * transient denial (cleared by a probe) are sprinkled in.
 */
import { createHash } from 'node:crypto'
import { REGIONS } from '../../emulator/core/regions.js'
import { selectStepBaselines } from '../../history/baseline.js'
import { diffSteps } from '../../history/diff.js'
import { allowed, deniedBy, failed, logsTagOnCreate2022 } from '../../history/run-fixtures.js'
import type { DriftReport, RunRecord, StepResult } from '../../history/types.js'
import type { Outcome } from '../../outcomes/types.js'

export const LOGS = 'logs/create-tagged-log-group'
export const ECR = 'ecr/create-tagged-repository'

/** 20 steps: the three shipped scenarios' first steps and the calls a fuller suite would make. */
export const STEPS: ReadonlyArray<readonly [scenario: string, step: string]> = [
  [LOGS, 'CreateLogGroup'],
  [LOGS, 'PutRetentionPolicy'],
  [ECR, 'CreateRepository'],
  [ECR, 'PutLifecyclePolicy'],
  ['ec2/run-tagged-instance', 'RunInstances'],
  ['ec2/run-tagged-instance', 'CreateTags'],
  ['s3/create-tagged-bucket', 'CreateBucket'],
  ['s3/create-tagged-bucket', 'PutBucketTagging'],
  ['sqs/create-tagged-queue', 'CreateQueue'],
  ['sqs/create-tagged-queue', 'TagQueue'],
  ['sns/create-tagged-topic', 'CreateTopic'],
  ['sns/create-tagged-topic', 'TagResource'],
  ['lambda/create-tagged-function', 'CreateFunction'],
  ['lambda/create-tagged-function', 'TagResource'],
  ['ecs/create-tagged-cluster', 'CreateCluster'],
  ['ecs/create-tagged-cluster', 'TagResource'],
  ['cloudformation/create-tagged-stack', 'CreateStack'],
  ['ssm/put-tagged-parameter', 'PutParameter'],
  ['iam/create-tagged-role', 'CreateRole'],
  ['iam/create-tagged-role', 'TagRole'],
]

/** The first 34 commercial regions (the emulator's list, which config's 'all' also uses). */
export const REGIONS_34: readonly string[] = [...REGIONS.keys()].slice(0, 34)
export const ECR_REGIONS = ['us-east-1', 'eu-west-1', 'ap-east-1'] as const
export const ECR_DENIED_FROM = '2022-12-21'
export const LOGS_DENIED_FROM: Record<string, string> = { 'af-south-1': '2022-10-26', 'ca-central-1': '2022-11-10' }
export const POLICY_FIX_ON = '2022-11-20'

const statement = (sid: string, actions: string[], resource: string) => ({
  Sid: sid,
  Effect: 'Allow',
  Action: actions,
  Resource: resource,
})

/** The declared policy before and after the user's fix (adds logs:TagResource). */
export function declaredPolicy(fixed: boolean): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      statement(
        'LogsCreateTaggedLogGroup',
        fixed
          ? ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:TagResource']
          : ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
        'arn:aws:logs:*:*:log-group:harness-lg-*',
      ),
      statement(
        'EcrCreateTaggedRepository',
        ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy'],
        'arn:aws:ecr:*:*:repository/harness-repo-*',
      ),
      statement(
        'EverythingElse',
        STEPS.slice(4).map(([scenario, step]) => `${scenario.split('/')[0]}:${step}`),
        '*',
      ),
    ],
  }
}

const hash = (value: unknown) => `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`

const DAY = 86_400_000

export interface HistoryOptions {
  runs: number
  /** The last night's date (default 2022-12-30). */
  end?: string
  regions?: readonly string[]
  steps?: ReadonlyArray<readonly [string, string]>
}

/** `runs` nightly runs ending on `end`, oldest first. */
export function generateHistory(options: HistoryOptions): RunRecord[] {
  const end = Date.parse(`${options.end ?? '2022-12-30'}T03:00:00.000Z`)
  const regions = options.regions ?? REGIONS_34
  const steps = options.steps ?? STEPS
  return Array.from({ length: options.runs }, (_, i) =>
    night(new Date(end - (options.runs - 1 - i) * DAY), i, regions, steps),
  )
}

function night(
  date: Date,
  index: number,
  regions: readonly string[],
  steps: ReadonlyArray<readonly [string, string]>,
): RunRecord {
  const iso = date.toISOString()
  const ymd = iso.slice(0, 10)
  const policy = declaredPolicy(ymd >= POLICY_FIX_ON)
  const accountId = String(210_987_000_000 + index).padStart(12, '0')
  const results: StepResult[] = []
  for (const region of regions) {
    for (const [scenario, step] of steps) results.push(resultOf(scenario, step, region, ymd, accountId, iso))
  }
  const runId = `${iso.slice(0, 19).replaceAll(':', '-')}Z-${index.toString(16).padStart(6, '0')}`
  return {
    schemaVersion: 2,
    runId,
    startedAt: iso,
    finishedAt: new Date(date.getTime() + 20 * 60_000).toISOString(),
    target: 'local',
    endpoint: 'emulator',
    harnessVersion: '0.1.0',
    policyHash: hash(policy),
    policyFile: 'scenarios/minimal-policy.json',
    policy,
    emulatorDate: iso,
    account: { id: accountId, createdAt: iso, fresh: true },
    regions: regions.map((name) => ({ name })),
    scenarios: [...new Set(steps.map(([scenario]) => scenario))],
    results,
  }
}

function resultOf(
  scenario: string,
  step: string,
  region: string,
  ymd: string,
  account: string,
  at: string,
): StepResult {
  // Object literals, not `{ ...base, outcome }`: V8 gives each spread copy its own hidden class here, and
  // 250k results of distinct classes made every pass over a year of history several times slower.
  const outcome = outcomeOf(scenario, step, region, ymd, account)
  if (outcome.kind === 'denied') {
    const probes = [
      { waitedMs: 15_000, outcome, at },
      { waitedMs: 60_000, outcome, at },
    ]
    // The documented rules' prediction as the verdicts change records it: ECR's tag-on-create is documented, the
    // 2022 Logs change was not (the Coiled signature: AWS disagrees with the documented rules).
    const prediction: StepResult['prediction'] =
      scenario === ECR ? { outcome: 'denied', missing: ['ecr:TagResource'] } : { outcome: 'allowed', missing: [] }
    return { scenario, step, region, startedAt: at, finishedAt: at, outcome, probes, prediction }
  }
  // A transient denial: denied at first, allowed on the first probe (IAM propagation).
  if (region === 'eu-central-1' && ymd === '2022-12-10' && step === 'PutRetentionPolicy') {
    return {
      scenario,
      step,
      region,
      startedAt: at,
      finishedAt: at,
      outcome: allowed(),
      transientDenial: true,
      probes: [{ waitedMs: 15_000, outcome: allowed(), at }],
    }
  }
  return { scenario, step, region, startedAt: at, finishedAt: at, outcome }
}

function outcomeOf(scenario: string, step: string, region: string, ymd: string, account: string): Outcome {
  if (region === 'me-south-1' && ymd >= '2022-10-10' && ymd <= '2022-10-12')
    return failed('region-not-ready', 'UnrecognizedClientException')
  if (region === 'us-west-2' && ymd === '2022-12-01' && step === 'RunInstances')
    return failed('throttled', 'RequestLimitExceeded')
  if (scenario === LOGS && step === 'CreateLogGroup') {
    const from = LOGS_DENIED_FROM[region]
    if (from && ymd >= from && ymd < POLICY_FIX_ON) return logsTagOnCreate2022()
  }
  if (
    scenario === ECR &&
    step === 'CreateRepository' &&
    (ECR_REGIONS as readonly string[]).includes(region) &&
    ymd >= ECR_DENIED_FROM
  ) {
    return deniedBy(
      'ecr:TagResource',
      `arn:aws:ecr:${region}:${account}:repository/harness-repo-${ymd.replaceAll('-', '')}`,
    )
  }
  return allowed()
}

/** The drift report `harness run` would have written for the last run of a history. */
export function reportForLatest(history: readonly RunRecord[]): DriftReport {
  const current = history.at(-1)!
  const resolved = selectStepBaselines(current, history)
  return diffSteps(resolved.baselines, current, resolved.comparable, { generatedAt: current.finishedAt })
}
