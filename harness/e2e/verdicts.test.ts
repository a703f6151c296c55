import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'
import { policyWithout } from './policy-variants.js'
import { junitCounts, readDrift, runRecordOf } from './verdict-reports.js'

const OLD_POLICY = ['logs:TagLogGroup', 'logs:TagResource', 'ecr:TagResource']

describe('a partial run in between does not reset the baseline', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old.json': await policyWithout(...OLD_POLICY),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'Given both regions, then us-east-1 only, When ca-central-1 regresses (Logs rollout 2022-11-10), Then exit 1 with its baseline from the first run',
    async () => {
      const base = ['run', '--policy', 'old.json', '--scenario', 'logs/*']
      const full = await project.run([...base, '--region', 'us-east-1,ca-central-1', '--emulator-date', '2022-10-01'])
      expect(full.code).toBe(0)
      const partial = await project.run([...base, '--region', 'us-east-1', '--emulator-date', '2022-10-01'])
      expect(partial.code).toBe(0)
      const after = await project.run([...base, '--region', 'us-east-1,ca-central-1', '--emulator-date', '2022-11-15'])
      expect(after.code).toBe(1)
      expect(after.stdout).toMatch(/✗ ca-central-1: 1 regression — add logs:TagResource .* — cause: aws-change/)
      const drift = await readDrift(project)
      const ca = drift.changes.find((c) => c.region === 'ca-central-1')
      expect(ca).toMatchObject({
        change: 'regression',
        cause: 'aws-change',
        baseline: { runId: (await runRecordOf<{ runId: string }>(project, full.stdout)).runId },
      })
      expect(drift.changes.find((c) => c.region === 'us-east-1')?.change).toBe('unchanged')
      // The denial was confirmed by every probe before it was called a regression, and each probe is on record.
      const record = await runRecordOf<RunRecord>(project, after.stdout)
      const denied = record.results.find((r) => r.region === 'ca-central-1')
      expect(denied?.probes?.map((p) => p.outcome.kind)).toEqual(['denied', 'denied', 'denied'])
      expect(await junitCounts(project)).toEqual({ failures: 1, errors: 0 })
    },
    E2E_TIMEOUT_MS,
  )
})

describe('an inconclusive night never becomes the baseline', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old.json': await policyWithout(...OLD_POLICY),
      'faults.json': JSON.stringify([
        { service: 'logs', operation: 'CreateLogGroup', region: 'eu-west-1', fault: 'throttle' },
      ]),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'Given allowed, then throttled, When denied, Then it is a regression against the allowed night (exit 1)',
    async () => {
      const base = ['run', '--policy', 'old.json', '--region', 'eu-west-1']
      expect((await project.run([...base, '--emulator-date', '2022-10-01'])).code).toBe(0)
      const throttled = await project.run([...base, '--emulator-date', '2022-10-01', '--faults', 'faults.json'])
      expect(throttled.code).toBe(0)
      const denied = await project.run([...base, '--emulator-date', '2023-02-01'])
      expect(denied.code).toBe(1)
      const logs = (await readDrift(project)).changes.find((c) => c.scenario === 'logs/create-tagged-log-group')
      expect(logs?.change).toBe('regression')
    },
    E2E_TIMEOUT_MS,
  )
})

describe('denied or broken with no baseline is not green', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old.json': await policyWithout(...OLD_POLICY),
      'scenarios/broken.ts': `import { defineScenario } from 'harness'
export default defineScenario({
  name: 'custom/broken',
  async run({ step }) {
    await step('Throws', async () => { throw new Error('a scenario bug') })
  },
})
`,
      'scenarios/silent.ts': `import { defineScenario } from 'harness'
export default defineScenario({ name: 'custom/silent', async run() {} })
`,
      'custom.config.ts': shippedConfig({ scenarios: 'scenarios/*.ts' }),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'a first run with a broken policy: open denials, exit 1, JUnit failures',
    async () => {
      const result = await project.run([
        'run',
        '--policy',
        'old.json',
        '--region',
        'us-east-1',
        '--emulator-date',
        '2023-02-01',
      ])
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/✗ us-east-1: 2 open denials \(never allowed\) — add/)
      expect(result.stdout).toMatch(/Verdict: findings \(exit 1\) — 2 open denials/)
      expect((await junitCounts(project)).failures).toBe(2)
      // And the next night, still denied, is still red.
      const again = await project.run([
        'run',
        '--policy',
        'old.json',
        '--region',
        'us-east-1',
        '--emulator-date',
        '2023-02-01',
      ])
      expect(again.code).toBe(1)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a step that errors and a scenario that records no step: exit 4, JUnit errors',
    async () => {
      const result = await project.run([
        'run',
        '--config',
        'custom.config.ts',
        '--region',
        'us-east-1',
        '--reports-dir',
        'custom-reports',
      ])
      expect(result.code).toBe(4)
      expect(result.stderr).toContain('harness: run incomplete: 1 step errored (custom/broken / Throws @ us-east-1)')
      expect(result.stderr).toContain('1 scenario recorded no step (custom/silent @ us-east-1)')
      const xml = await project.read('custom-reports/junit.xml')
      // The errored step, and the run's completeness case naming both reasons.
      expect(xml).toMatch(/<testsuites [^>]*errors="2"/)
      expect(xml).toContain('<testcase classname="harness" name="run completeness"')
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a run where everything was inconclusive', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'faults.json': JSON.stringify([
        {
          service: ['logs', 'ecr', 'ec2'],
          operation: ['CreateLogGroup', 'CreateRepository', 'RunInstances'],
          region: 'eu-west-1',
          fault: 'throttle',
        },
      ]),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'exits 4 naming the region with no conclusive step; JUnit skips every step and errors the run',
    async () => {
      expect((await project.run(['run', '--region', 'eu-west-1'])).code).toBe(0)
      const throttled = await project.run(['run', '--region', 'eu-west-1', '--faults', 'faults.json'])
      expect(throttled.code).toBe(4)
      expect(throttled.stderr).toContain('no conclusive step in eu-west-1')
      expect(throttled.stdout).toMatch(/Verdict: incomplete run \(exit 4\)/)
      expect((await readDrift(project)).verdict.code).toBe(4)
      expect(await junitCounts(project)).toEqual({ failures: 0, errors: 1 })
      expect(await project.read('reports/junit.xml')).toMatch(
        /<error type="incomplete" message="run incomplete: [^"]*no conclusive step in eu-west-1/,
      )
    },
    E2E_TIMEOUT_MS,
  )
})
