/**
 * Verdicts you can trust night after night (issue #7), continued from verdicts.test.ts: a finding names
 * its cause (your policy edit, a guardrail, AWS), bad input is refused before an account exists, IAM
 * propagation is probed out, and AWS disagreeing with the documented rules is flagged.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'
import { policyDenying, policyWithout } from './policy-variants.js'
import { readDrift, runRecordOf } from './verdict-reports.js'

const OLD_POLICY = ['logs:TagLogGroup', 'logs:TagResource', 'ecr:TagResource']

describe('your own policy edit is not AWS drift', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'edited.json': await policyWithout('ecr:TagResource'),
      'denying.json': await policyDenying('NoEcrTagging', 'ecr:TagResource'),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'removing ecr:TagResource is a regression attributed to policy-change, never worded "AWS now asks for"',
    async () => {
      const args = ['run', '--region', 'us-east-1', '--emulator-date', '2023-02-01', '--scenario', 'ecr/*']
      expect((await project.run(args)).code).toBe(0)
      const edited = await project.run([...args, '--policy', 'edited.json'])
      expect(edited.code).toBe(1)
      expect(edited.stdout).toContain('— cause: policy-change')
      const ecr = (await readDrift(project)).changes.find((c) => c.scenario === 'ecr/create-tagged-repository')
      expect(ecr).toMatchObject({
        change: 'regression',
        cause: 'policy-change',
        causeText: "you removed ecr:TagResource in this run's policy",
      })
      const markdown = await project.read('reports/drift.md')
      expect(markdown).toContain('- Missing permission: `ecr:TagResource`')
      expect(markdown).not.toContain('AWS now asks for')
      expect(await project.read('reports/report.html')).toContain('policy-change')
      expect(await project.read('reports/junit.xml')).toContain('cause: policy-change')
      // The next night, still denied: still your edit, so no blast-radius follow-up asks whom AWS's change reaches.
      const again = await project.run([...args, '--policy', 'edited.json'])
      expect(again.stdout).toMatch(/still denied.* — cause: policy-change/)
      expect(again.stdout).not.toContain('blast-radius')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a Deny added to the policy: the fix points at that statement, never at an Allow that cannot override it',
    async () => {
      const args = ['run', '--region', 'us-east-1', '--emulator-date', '2023-02-01', '--scenario', 'ecr/*']
      const reports = ['--reports-dir', 'deny-reports']
      expect((await project.run([...args, ...reports])).code).toBe(0)
      const denied = await project.run([...args, ...reports, '--policy', 'denying.json'])
      expect(denied.code).toBe(1)
      expect(denied.stdout).toContain(
        '— narrow the Deny of ecr:TagResource (Sid "NoEcrTagging") — cause: policy-change',
      )
      // The edit denies it in every account alike: whom an AWS change reaches is not the question.
      expect(denied.stdout).not.toContain('blast-radius')
      // harness explain on the run record names the same Deny, from the policy the record holds.
      const recordFile = /^run record: (\S+)$/m.exec(denied.stdout)?.[1]
      const explained = JSON.parse((await project.run(['explain', '--json', recordFile!])).stdout)
      expect(explained.explanations[0]).toMatchObject({
        cause: 'explicit-deny',
        fixWhere: 'no Allow can override an explicit Deny: narrow or remove the declared statement Sid "NoEcrTagging"',
      })
      const ecr = (await readDrift(project, 'deny-reports')).changes.find((c) => c.step === 'CreateRepository')
      expect(ecr).toMatchObject({
        change: 'regression',
        cause: 'policy-change',
        causeText: `you added a Deny of ecr:TagResource (Sid "NoEcrTagging") in this run's policy`,
        explicitDeny: true,
        blockedBy: 'Sid "NoEcrTagging"',
      })
      expect(ecr).not.toHaveProperty('suggestedStatement')
      const fix = 'remove or narrow the Deny in the declared statement Sid "NoEcrTagging"'
      const markdown = await project.read('deny-reports/drift.md')
      expect(markdown).toContain(`- Fix: ${fix} (no Allow overrides an explicit Deny).`)
      expect(markdown).toContain('- Denied permission: `ecr:TagResource`')
      // Run today on an emulated day: the replay's story is dated by the emulated day.
      expect(markdown).toMatch(/^- Since: 2023-02-01, emulated \(first seen in this run, started .* UTC\)$/m)
      expect(markdown).not.toContain('add this statement')
      expect(await project.read('deny-reports/junit.xml')).toContain(`Fix: ${fix}`)
      const html = (file: string) => project.read(`deny-reports/${file}`).then((text) => text.replaceAll('&quot;', '"'))
      expect(await html('report.html')).toContain(
        `<p class="fix">Remove or narrow the Deny in the declared statement Sid "NoEcrTagging"`,
      )
      expect(await html('dashboard.html')).toContain(
        `<dt>Fix</dt><dd>Remove or narrow the Deny in the declared statement Sid "NoEcrTagging"`,
      )
      // Nor on the next run, where the step is still denied (a still-denied step has no cause of its own).
      const again = await project.run([...args, ...reports, '--policy', 'denying.json'])
      expect(again.stdout).toMatch(/still denied.* — cause: policy-change/)
      expect(again.stdout).not.toContain('blast-radius')
      // Every report names its cause: the edit since the last run that allowed the step.
      const still = (await readDrift(project, 'deny-reports')).changes.find((c) => c.step === 'CreateRepository')
      expect(still).toMatchObject({
        stillDenied: true,
        cause: 'policy-change',
        causeText: expect.stringMatching(
          /^you added a Deny of ecr:TagResource \(Sid "NoEcrTagging"\) since run \S+, the last that allowed it$/,
        ),
      })
      // The dashboard states a cause in every cell: this run's policy did not change, the edit was earlier.
      expect(await html('dashboard.html')).toMatch(
        /you added a Deny of ecr:TagResource \(Sid "NoEcrTagging"\) since run \S+, the last that allowed it/,
      )
    },
    E2E_TIMEOUT_MS,
  )
})

describe('bad input is refused before an account is created (exit 2)', () => {
  let project: Project
  beforeAll(async () => {
    const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
    policy.Statement[0].Action = ['logs:CreatLogGroup', 'logs:TagResource']
    project = await createProject({ 'harness.config.ts': shippedConfig(), 'typo.json': JSON.stringify(policy) })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'a misspelt action, with a did-you-mean',
    async () => {
      const result = await project.run(['run', '--region', 'us-east-1', '--policy', 'typo.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        '"logs:CreatLogGroup": unknown action for service "logs" (did you mean logs:CreateLogGroup?)',
      )
      expect(result.stdout).not.toContain('vending')
      expect(await project.files('reports/runs')).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a --baseline from another endpoint, naming both',
    async () => {
      const first = await project.run(['run', '--region', 'us-east-1', '--scenario', 'logs/*'])
      expect(first.code).toBe(0)
      const [run] = await project.files('reports/runs')
      const record = JSON.parse(await project.read(run!))
      await project.write('aws-run.json', JSON.stringify({ ...record, target: 'aws', endpoint: 'aws' }))
      const result = await project.run(['run', '--region', 'us-east-1', '--baseline', 'aws-run.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        'ran against target aws (endpoint aws), this run against target local (endpoint emulator)',
      )
      expect(await project.files('reports/runs')).toHaveLength(1)
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a slow IAM propagation region: the probes clear the denial', () => {
  let project: Project
  beforeAll(async () => {
    // Time scale 0.005: the role's policy reaches eu-west-1 5 s (1000 simulated s) after us-east-1, long
    // after the step's first call (the scenario threads are warm from the baseline night). The probes wait
    // 2.5 s and 2.5 s more (then 4.5 s): the first is still denied, the second lands just as the policy
    // arrives, so the denial clears on a probe instead of becoming a regression, with no probe wasted.
    const slow = { emulator: { timeScale: 0.005, iamPropagationByRegion: { 'eu-west-1': 1000 } } }
    project = await createProject({
      // The baseline night needs no slow clock: only the probed night's timings matter.
      'harness.config.ts': shippedConfig(),
      'slow.config.ts': shippedConfig({ ...slow, denialProbes: { waitsSeconds: [500, 500, 900] } }),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'records a transient denial with its probes: shown, never counted (exit 0)',
    async () => {
      const regions = ['--region', 'us-east-1,eu-west-1']
      expect((await project.run(['run', ...regions])).code).toBe(0)
      const slow = await project.run(['run', ...regions, '--config', 'slow.config.ts'])
      expect(slow.stderr).toBe('')
      expect(slow.code).toBe(0)
      const drift = await readDrift(project)
      const eu = drift.changes.filter((c) => c.region === 'eu-west-1')
      expect(eu.some((c) => c.change === 'inconclusive')).toBe(true)
      expect(drift.changes.filter((c) => c.change === 'regression')).toEqual([])
      const record = await runRecordOf<RunRecord>(project, slow.stdout)
      const probed = record.results.filter((r) => r.probes)
      expect(probed.length).toBeGreaterThan(0)
      for (const result of probed) {
        expect(result.region).toBe('eu-west-1')
        expect(result.transientDenial).toBe(true)
        expect(result.probes?.at(-1)?.outcome.kind).toBe('allowed')
      }
      expect(await project.read('reports/drift.md')).toMatch(/transient denial: cleared after \d probe/)
      // The call that cleared created its resource, and the scenario's cleanup removed it.
      expect(leftovers(slow.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a denial from a guardrail, and a step that must stay denied', () => {
  let project: Project
  beforeAll(async () => {
    const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
    policy.Statement.push({ Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' })
    project = await createProject({
      'harness.config.ts': shippedConfig({ scenarios: path.join(REPO_ROOT, 'scenarios/logs-*.ts') }),
      'bounded.config.ts': shippedConfig({
        scenarios: path.join(REPO_ROOT, 'scenarios/logs-*.ts'),
        permissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
      'guard.config.ts': shippedConfig({ scenarios: 'scenarios/*.ts' }),
      'broader.json': JSON.stringify(policy),
      'scenarios/guard.ts': `import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'
export default defineScenario({
  name: 'guard/no-log-listing',
  async run({ client, step }) {
    const logs = client(CloudWatchLogsClient)
    await step('DescribeLogGroups', () => logs.send(new DescribeLogGroupsCommand({})), { expect: 'denied' })
  },
})
`,
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'a permissions boundary that denies a step is attributed to guardrail',
    async () => {
      expect((await project.run(['run', '--region', 'us-east-1'])).code).toBe(0)
      const bounded = await project.run(['run', '--region', 'us-east-1', '--config', 'bounded.config.ts'])
      expect(bounded.code).toBe(1)
      expect(bounded.stdout).toContain('— cause: guardrail')
      const logs = (await readDrift(project)).changes.find((c) => c.scenario === 'logs/create-tagged-log-group')
      expect(logs).toMatchObject({ change: 'regression', cause: 'guardrail' })
      expect(logs?.causeText).toContain('a permissions boundary')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    "expect: 'denied' passes while denied, and is a finding once the policy allows the call",
    async () => {
      const args = ['run', '--region', 'us-east-1', '--config', 'guard.config.ts', '--reports-dir', 'guard']
      const denied = await project.run(args)
      expect(denied.code).toBe(0)
      const broader = await project.run([...args, '--policy', 'broader.json'])
      expect(broader.code).toBe(1)
      expect(broader.stdout).toContain(
        '✗ us-east-1: 1 step allowed that must be denied: guard/no-log-listing / DescribeLogGroups',
      )
      expect(await project.read('guard/junit.xml')).toContain(
        'allowed, but the scenario declares this step must be denied',
      )
    },
    E2E_TIMEOUT_MS,
  )
})

/** Rehearsed on the emulator: AWS starts asking CreateLogGroup for a permission no documentation names. */
const UNDOCUMENTED_CHANGE = {
  id: 'rehearsal-logs-create-log-group-needs-put-retention-policy',
  title: 'Hypothetical: CreateLogGroup also needs logs:PutRetentionPolicy',
  source: 'e2e rehearsal',
  operations: ['logs:CreateLogGroup'],
  effect: { kind: 'require-check', checks: { action: 'logs:PutRetentionPolicy', resource: '*' } },
  where: 'all',
  who: 'all-accounts',
  from: '2020-01-01',
}

describe('predicted vs actual', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'undocumented.config.ts': shippedConfig({ emulator: { timeScale: 0.0005, timeline: 'timeline.json' } }),
      'timeline.json': JSON.stringify([UNDOCUMENTED_CHANGE]),
      'old.json': await policyWithout(...OLD_POLICY),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'a step AWS denies although the documented rules allow it is flagged in every report',
    async () => {
      const result = await project.run(['run', '--region', 'us-east-1', '--config', 'undocumented.config.ts'])
      expect(result.code).toBe(1)
      const flag = 'logs/create-tagged-log-group / CreateLogGroup @ us-east-1: the rules predict allowed, AWS denied'
      expect(result.stdout).toContain('! AWS disagrees with the documented rules on 1 step:')
      expect(result.stdout).toContain(flag)
      expect(await project.read('reports/drift.md')).toContain(`## AWS disagrees with the documented rules`)
      expect(await project.read('reports/drift.md')).toContain(`- ${flag}`)
      expect(await project.read('reports/report.html')).toContain('AWS disagrees with the documented rules')
      expect(await project.read('reports/junit.xml')).toContain(
        `<system-out>AWS disagrees with the documented rules: ${flag}</system-out>`,
      )
      const drift = await readDrift(project)
      expect(
        drift.changes.filter((c) => (c as { predictionMismatch?: unknown }).predictionMismatch).map((c) => c.scenario),
      ).toEqual(['logs/create-tagged-log-group'])
      // With the shipped policy and AWS as it is, the rules and AWS agree: nothing is flagged.
      const agreed = await project.run(['run', '--region', 'us-east-1', '--reports-dir', 'shipped'])
      expect(agreed.code).toBe(0)
      expect(agreed.stdout).not.toContain('AWS disagrees')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a replay is held to the rules of its date: 2022 before the tag-on-create changes is not flagged (QA)',
    async () => {
      // Before the 2022 changes reached us-east-1, AWS let CreateLogGroup with tags through without a tag
      // permission, and the rule it follows today was not one yet.
      const args = ['run', '--policy', 'old.json', '--region', 'us-east-1', '--emulator-date', '2022-10-01']
      const result = await project.run([...args, '--reports-dir', 'replay'])
      expect(result.code).toBe(0)
      expect(result.stdout).not.toContain('AWS disagrees')
    },
    E2E_TIMEOUT_MS,
  )
})
