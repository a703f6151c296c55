/**
 * Verdicts you can trust night after night (issue #7), through the real CLI and the emulator: each "Why"
 * case of the issue now gives the right verdict and exit code, and every report agrees with it.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'

interface DriftJson {
  changes: Array<{
    region: string
    scenario: string
    step: string
    change: string
    cause?: string
    causeText?: string
    baseline?: { runId: string }
  }>
  verdict: { code: number; reasons: string[] }
}

const readDrift = async (project: Project): Promise<DriftJson> => JSON.parse(await project.read('reports/drift.json'))
const junitCounts = async (project: Project) => {
  const xml = await project.read('reports/junit.xml')
  const head = /<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(xml)
  return { failures: Number(head?.[1]), errors: Number(head?.[2]) }
}

async function policyWithout(...removed: string[]): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((a) => !removed.includes(a))
  }
  return JSON.stringify(policy, null, 2)
}
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
      const [firstRun] = (await project.files('reports/runs')).sort()
      const ca = drift.changes.find((c) => c.region === 'ca-central-1')
      expect(ca).toMatchObject({
        change: 'regression',
        cause: 'aws-change',
        baseline: { runId: path.basename(firstRun!, '.json') },
      })
      expect(drift.changes.find((c) => c.region === 'us-east-1')?.change).toBe('unchanged')
      // The denial was confirmed by every probe before it was called a regression, and each probe is on record.
      const runs = (await project.files('reports/runs')).sort()
      const record = JSON.parse(await project.read(runs.at(-1)!))
      const denied = record.results.find((r: { region: string }) => r.region === 'ca-central-1')
      expect(denied.probes.map((p: { outcome: { kind: string } }) => p.outcome.kind)).toEqual([
        'denied',
        'denied',
        'denied',
      ])
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

describe('your own policy edit is not AWS drift', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'edited.json': await policyWithout('ecr:TagResource'),
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
    // Time scale 0.01: the role's policy reaches eu-west-1 10 s (1000 simulated s) after us-east-1; the
    // probes wait 3 s, 6 s and 9 s, so the denial clears on a probe instead of becoming a regression.
    const slow = { emulator: { timeScale: 0.01, iamPropagationByRegion: { 'eu-west-1': 1000 } } }
    project = await createProject({
      'harness.config.ts': shippedConfig({ emulator: { timeScale: 0.01 } }),
      'slow.config.ts': shippedConfig({ ...slow, denialProbes: { waitsSeconds: [300, 600, 900] } }),
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
      const runs = (await project.files('reports/runs')).sort()
      const record = JSON.parse(await project.read(runs.at(-1)!))
      const probed = record.results.filter((r: { probes?: unknown[] }) => r.probes)
      expect(probed.length).toBeGreaterThan(0)
      for (const result of probed) {
        expect(result.region).toBe('eu-west-1')
        expect(result.transientDenial).toBe(true)
        expect(result.probes.at(-1).outcome.kind).toBe('allowed')
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

describe('predicted vs actual', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old.json': await policyWithout(...OLD_POLICY),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'a first run where AWS allows what the documented rules deny is flagged in every report',
    async () => {
      // Before the 2022 changes AWS let CreateLogGroup with tags through without a tag permission; the docs say it needs one.
      const result = await project.run([
        'run',
        '--policy',
        'old.json',
        '--region',
        'us-east-1',
        '--emulator-date',
        '2022-10-01',
      ])
      expect(result.code).toBe(0)
      const flag =
        'logs/create-tagged-log-group / CreateLogGroup @ us-east-1: the rules predict denied (missing logs:TagResource|logs:TagLogGroup), AWS allowed'
      expect(result.stdout).toContain('! AWS disagrees with the documented rules on 2 steps:')
      expect(result.stdout).toContain(flag)
      expect(await project.read('reports/drift.md')).toContain(`## AWS disagrees with the documented rules`)
      expect(await project.read('reports/drift.md')).toContain(`- ${flag}`)
      expect(await project.read('reports/report.html')).toContain('AWS disagrees with the documented rules')
      expect(await project.read('reports/junit.xml')).toContain(
        `<system-out>AWS disagrees with the documented rules: ${flag}</system-out>`,
      )
      const drift = await readDrift(project)
      expect(
        drift.changes
          .filter((c) => (c as { predictionMismatch?: unknown }).predictionMismatch)
          .map((c) => c.scenario)
          .sort(),
      ).toEqual(['ecr/create-tagged-repository', 'logs/create-tagged-log-group'])
      // With the shipped policy the rules and AWS agree: nothing is flagged.
      const agreed = await project.run(['run', '--region', 'us-east-1', '--reports-dir', 'shipped'])
      expect(agreed.code).toBe(0)
      expect(agreed.stdout).not.toContain('AWS disagrees')
    },
    E2E_TIMEOUT_MS,
  )
})
