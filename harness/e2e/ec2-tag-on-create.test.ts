/**
 * EC2 tag-on-create, end to end (QA): scenarios/ec2-run-tagged-instance.ts tags the instance and its volume in
 * RunInstances, and AWS's denial (EC2's encoded message of 2022, decoded by the run) names only the first type
 * it refuses, the instance. The suggested fix must work on its first apply (the volume too), verify-fix must
 * confirm it, a policy that grants the instance alone must be said to have narrowed the grant (not removed
 * it), and `harness explain` must read the record's decoded denials without credentials.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExplainResult } from '../explain/explain-input.js'
import { tagOnCreateNote } from '../history/suggest-fix.js'
import type { DriftChange, RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'
import { runRecordOf } from './verdict-reports.js'

const SCENARIO = path.join(REPO_ROOT, 'scenarios/ec2-run-tagged-instance.ts')
const ON_RUN_INSTANCES = { StringEquals: { 'ec2:CreateAction': 'RunInstances' } }

interface Policy {
  Version: string
  Statement: Array<Record<string, unknown>>
}

async function shippedPolicy(project: Project): Promise<Policy> {
  return JSON.parse(await project.read(path.join(REPO_ROOT, 'scenarios/minimal-policy.json')))
}

const withoutTagging = (policy: Policy): Policy => ({
  ...policy,
  Statement: policy.Statement.filter((statement) => statement.Sid !== 'Ec2TagOnRunInstances'),
})

describe('EC2 tag-on-create: instance and volume tagged in one RunInstances (QA)', () => {
  let project: Project
  let untagged: Policy
  let denied: { code: number | null; record: RunRecord; change: DriftChange }

  /** One night: a run with its own embedded emulator on `date`, and its record. */
  async function night(policy: Policy, date: string, ...flags: string[]) {
    const file = `policy-${date}.json`
    await project.write(file, JSON.stringify(policy, null, 2))
    const run = await project.run(['run', '--region', 'us-east-1', '--policy', file, '--emulator-date', date, ...flags])
    const record = await runRecordOf<RunRecord>(project, run.stdout)
    const drift = JSON.parse(await project.read('reports/drift.json')) as { changes: DriftChange[] }
    const change = drift.changes.find((c) => c.step === 'RunInstances')!
    return { code: run.code, stdout: run.stdout, record, change }
  }

  beforeAll(async () => {
    project = await createProject({ 'harness.config.ts': shippedConfig({ scenarios: SCENARIO }) })
    const shipped = await shippedPolicy(project)
    untagged = withoutTagging(shipped)
    const baseline = await night(shipped, '2022-12-23')
    expect(baseline.code).toBe(0)
    denied = await night(untagged, '2022-12-24', '--verify-fix')
  }, E2E_TIMEOUT_MS)

  afterAll(() => project?.remove())

  it('suggests ec2:CreateTags on every type RunInstances can tag, and verify-fix confirms it', () => {
    expect(denied.code).toBe(1)
    expect(denied.change).toMatchObject({
      change: 'regression',
      missingAction: 'ec2:CreateTags',
      tagOnCreate: { operation: 'RunInstances' },
      suggestedStatement: {
        Action: ['ec2:CreateTags'],
        Resource: expect.arrayContaining(['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*']),
        Condition: ON_RUN_INSTANCES,
      },
    })
    expect(denied.record.verifyFix).toMatchObject({ status: 'verified' })
  })

  it('every report words the wider fix the same way, saying why', async () => {
    // The sentence has nothing HTML or XML escapes, so each file holds it as is.
    const why = tagOnCreateNote(denied.change.tagOnCreate!)
    for (const file of ['drift.md', 'junit.xml', 'report.html', 'dashboard.html'])
      expect({ file, says: (await project.read(`reports/${file}`)).includes(why) }).toEqual({ file, says: true })
  })

  it(
    'the suggested statement, applied once, lets the next night allow the step',
    async () => {
      const fixed = structuredClone(untagged)
      fixed.Statement.push({ Sid: 'AppliedFix', ...denied.change.suggestedStatement })
      const next = await night(fixed, '2022-12-25')
      expect(next.record.results.find((r) => r.step === 'RunInstances')?.outcome.kind).toBe('allowed')
      expect(next.code).toBe(0)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a policy granting the instance alone: the cause says it no longer covers the volume, and the fix covers both',
    async () => {
      const partial = structuredClone(untagged)
      const instanceOnly = { Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: 'arn:aws:ec2:*:*:instance/*' }
      partial.Statement.push({ Sid: 'TagInstances', ...instanceOnly, Condition: ON_RUN_INSTANCES })
      const next = await night(partial, '2022-12-26', '--verify-fix')
      expect(next.code).toBe(1)
      expect(next.change.deniedResource).toMatch(/:volume\/\*$/)
      expect(next.change.causeText).toMatch(
        /^you narrowed ec2:CreateTags .*: it no longer covers arn:aws:ec2:us-east-1:\d+:volume\/\*$/,
      )
      expect(next.change.suggestedStatement?.Resource).toContain('arn:aws:ec2:*:*:volume/*')
      expect(next.record.verifyFix).toMatchObject({ status: 'verified' })
    },
    E2E_TIMEOUT_MS,
  )

  it.each([[[]], [['--no-decode']]])(
    'harness explain %j reads the record’s decoded denial: one explanation, the same fix, exit 0',
    async (flags) => {
      const file = `reports/runs/${denied.record.runId}.json`
      const run = await project.run(['explain', '--json', ...flags, file])
      expect(run.code).toBe(0)
      const { explanations } = JSON.parse(run.stdout) as ExplainResult
      // The step, with its CloudTrail events (one per probe) folded into it, not explained again as RunInstances.
      expect(explanations).toHaveLength(1)
      expect(explanations[0]).toMatchObject({
        readable: true,
        action: 'ec2:CreateTags',
        operation: 'RunInstances',
        extraPermission: 'ec2:CreateTags',
        statement: denied.change.suggestedStatement,
      })
    },
    E2E_TIMEOUT_MS,
  )
})
