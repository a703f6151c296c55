/** A realistic pair of runs for reporter tests: the 2022 Logs and ECR tag-on-create changes hit ca-central-1. */
import { diffRuns } from '../history/diff.js'
import { allowed, deniedBy, failed, logsTagOnCreate2022, makeRun } from '../history/run-fixtures.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import type { Outcome } from '../outcomes/types.js'

export const LOGS = 'logs/create-tagged-log-group'
export const ECR = 'ecr/create-tagged-repository'
export const EC2 = 'ec2/run-tagged-instance'
const REPO = 'arn:aws:ecr:ca-central-1:210987654321:repository/harness-repo-k3j9'
const dryRun = (): Outcome => allowed({ dryRun: true } as Partial<Outcome>)

export const baselineRun: RunRecord = makeRun(
  '2022-11-01T09-00-00Z-aaa111',
  '2022-11-01T09:00:00.000Z',
  [
    [LOGS, 'CreateLogGroup', 'ca-central-1', allowed()],
    [ECR, 'CreateRepository', 'ca-central-1', allowed()],
    [EC2, 'RunInstances', 'ca-central-1', dryRun()],
    [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
    [ECR, 'CreateRepository', 'ap-east-1', allowed()],
    [EC2, 'RunInstances', 'ap-east-1', dryRun()],
    [LOGS, 'CreateLogGroup', 'me-south-1', allowed()],
    [ECR, 'CreateRepository', 'me-south-1', allowed()],
  ],
  { emulatorDate: '2022-11-01T09:00:00.000Z' },
)

export const currentRun: RunRecord = makeRun(
  '2023-01-20T09-00-00Z-bbb222',
  '2023-01-20T09:00:00.000Z',
  [
    [LOGS, 'CreateLogGroup', 'ca-central-1', logsTagOnCreate2022()],
    [ECR, 'CreateRepository', 'ca-central-1', deniedBy('ecr:TagResource', REPO)],
    [EC2, 'RunInstances', 'ca-central-1', dryRun()],
    [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
    [ECR, 'CreateRepository', 'ap-east-1', allowed()],
    [EC2, 'RunInstances', 'ap-east-1', dryRun()],
    [LOGS, 'CreateLogGroup', 'me-south-1', failed('region-not-ready', 'UnrecognizedClientException')],
    [ECR, 'CreateRepository', 'me-south-1', failed('region-not-ready', 'UnrecognizedClientException')],
  ],
  { emulatorDate: '2023-01-20T09:00:00.000Z' },
)

/**
 * The runs after `currentRun`, for "a regression stays open until fixed": still denied (and EC2 newly denied),
 * then everything allowed again. ca-central-1 and ap-east-1 only, so me-south-1 is out of scope.
 */
const EC2_INSTANCE = 'arn:aws:ec2:ca-central-1:210987654321:instance/*'
export const stillDeniedRun: RunRecord = makeRun(
  '2023-02-01T09-00-00Z-ccc333',
  '2023-02-01T09:00:00.000Z',
  [
    [LOGS, 'CreateLogGroup', 'ca-central-1', logsTagOnCreate2022()],
    [ECR, 'CreateRepository', 'ca-central-1', deniedBy('ecr:TagResource', REPO)],
    [EC2, 'RunInstances', 'ca-central-1', dryRun()],
    [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
    [ECR, 'CreateRepository', 'ap-east-1', allowed()],
    [EC2, 'RunInstances', 'ap-east-1', dryRun()],
  ],
  { emulatorDate: '2023-02-01T09:00:00.000Z' },
)
/** Like `stillDeniedRun`, but EC2 in ca-central-1 is newly denied too: one new regression, two still denied. */
export const mixedRun: RunRecord = {
  ...stillDeniedRun,
  runId: '2023-02-01T09-00-00Z-ddd444',
  results: stillDeniedRun.results.map((r) =>
    r.scenario === EC2 && r.region === 'ca-central-1' ? { ...r, outcome: deniedBy('ec2:CreateTags', EC2_INSTANCE) } : r,
  ),
}
export const fixedRun: RunRecord = makeRun(
  '2023-03-01T09-00-00Z-eee555',
  '2023-03-01T09:00:00.000Z',
  stillDeniedRun.results.map((r) => [r.scenario, r.step, r.region, r.scenario === EC2 ? dryRun() : allowed()]),
  { emulatorDate: '2023-03-01T09:00:00.000Z' },
)

export const GENERATED_AT = '2023-01-20T09:05:00.000Z'
export const regressionReport: DriftReport = diffRuns(baselineRun, currentRun, [baselineRun, currentRun], {
  generatedAt: GENERATED_AT,
})
const history = [baselineRun, currentRun, stillDeniedRun, fixedRun]
/** Run 3 against run 2: nothing changed, but both ca-central-1 regressions are still open. */
export const stillDeniedReport: DriftReport = diffRuns(currentRun, stillDeniedRun, history, {
  generatedAt: GENERATED_AT,
})
export const mixedReport: DriftReport = diffRuns(currentRun, mixedRun, [baselineRun, currentRun, mixedRun], {
  generatedAt: GENERATED_AT,
})
/** Run 4 against run 3: the still-denied steps are allowed again (relaxations). */
export const fixedReport: DriftReport = diffRuns(stillDeniedRun, fixedRun, history, { generatedAt: GENERATED_AT })
export const firstRunReport: DriftReport = diffRuns(null, baselineRun, [], { generatedAt: GENERATED_AT })

/** Make rendered text stable across fixtures: account ids, request ids, timestamps, run-id suffixes. */
export function normalizeReport(text: string): string {
  return text
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<request-id>')
    .replace(/\b\d{12}\b/g, '<account>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z?( UTC)?/g, '<time>')
    .replace(/(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z)-[0-9a-f]{6}/g, '$1-<suffix>')
}
