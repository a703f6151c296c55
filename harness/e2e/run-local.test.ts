/**
 * The README quickstart, end to end: `harness run --region ap-east-1` on the embedded emulator in a
 * fresh project. Given no AWS organization, when the run finishes, then ap-east-1 was enabled on the
 * way, the harness waited out IAM propagation, every step ran with the minimal role and was allowed,
 * the run record and drift reports exist, no credential reached the reports and nothing leaked.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, shippedConfig } from './cli-project.js'

const SCENARIO_OPERATIONS = ['CreateLogGroup', 'CreateRepository', 'RunInstances']

describe('harness run --region ap-east-1 (embedded emulator)', () => {
  let project: Project
  let result: CliResult

  beforeAll(async () => {
    // time scale 0.01 and 60 s of IAM propagation: 600 ms, long enough that the first AssumeRole is
    // refused even on a loaded machine (the default 10 s gave 100 ms, which a busy CI could outlast).
    project = await createProject({
      'harness.config.ts': shippedConfig({ emulator: { timeScale: 0.01, iamPropagation: 60 } }),
    })
    result = await project.run(['run', '--region', 'ap-east-1'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('exits 0 and says once that it uses the embedded emulator', () => {
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const notice = result.stdout.split('\n').filter((line) => /embedded AWS emulator/.test(line))
    expect(notice).toEqual([expect.stringContaining('(no AWS organization configured)')])
  })

  it('enables the opt-in region on the way', () => {
    expect(result.stdout).toContain('[ap-east-1] region DISABLED → enabling…')
    expect(result.stdout).toMatch(/\[ap-east-1\] region ready \(enabled during this run/)
    const enable = result.dump?.calls.filter((c) => c.operation === 'EnableRegion') ?? []
    expect(enable.map((c) => c.outcome)).toEqual(['success'])
  })

  it('waits out IAM propagation: the new role is refused first, then assumed', () => {
    const harnessRoleAssumes = (result.dump?.calls ?? []).filter(
      (c) => c.operation === 'AssumeRole' && c.principalArn.includes('OrganizationAccountAccessRole'),
    )
    expect(harnessRoleAssumes.some((c) => c.outcome === 'error' && c.errorCode === 'AccessDenied')).toBe(true)
    expect(harnessRoleAssumes.at(-1)?.outcome).toBe('success')
  })

  it(
    'writes the run record with every step allowed in ap-east-1',
    async () => {
      const runFiles = (await project.files()).filter((f) => f.includes(`${path.sep}runs${path.sep}`))
      expect(runFiles).toHaveLength(1)
      const record = JSON.parse(await project.read(runFiles[0] as string))
      expect(record.schemaVersion).toBe(2)
      expect(record.target).toBe('local')
      expect(record.endpoint).toBe('emulator')
      expect(record.policy.Statement.length).toBeGreaterThan(0)
      expect(record.account.fresh).toBe(true)
      expect(record.regions).toEqual([expect.objectContaining({ name: 'ap-east-1', enabledDuringRun: true })])
      const steps = record.results.map(
        (r: { scenario: string; step: string; region: string; outcome: { kind: string } }) =>
          [r.scenario, r.step, r.region, r.outcome.kind].join(' '),
      )
      expect(steps.sort()).toEqual([
        'ec2/run-tagged-instance RunInstances ap-east-1 allowed',
        'ecr/create-tagged-repository CreateRepository ap-east-1 allowed',
        'logs/create-tagged-log-group CreateLogGroup ap-east-1 allowed',
      ])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'writes drift.json, drift.md and dashboard.html saying the first run has no baseline',
    async () => {
      const drift = JSON.parse(await project.read('reports/drift.json'))
      expect(drift.baselineRunId).toBeNull()
      expect(await project.read('reports/drift.md')).toMatch(/no baseline/i)
      expect(await project.read('reports/dashboard.html')).toContain(
        'No region needs attention. 1 region: first run, every step allowed.',
      )
    },
    E2E_TIMEOUT_MS,
  )

  it('makes the scenario steps with the minimal role and nothing else', () => {
    const calls = result.dump?.calls ?? []
    const stepCalls = calls.filter((c) => SCENARIO_OPERATIONS.includes(c.operation))
    expect(stepCalls).toHaveLength(3)
    for (const call of stepCalls)
      expect(call.principalArn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/harness-minimal-[^/]+\//)
    const byMinimalRole = calls
      .filter((c) => /assumed-role\/harness-minimal-/.test(c.principalArn))
      .map((c) => c.operation)
    expect(byMinimalRole.sort()).toEqual(SCENARIO_OPERATIONS)
  })

  it(
    'leaves no credential in any file under the reports directory',
    async () => {
      // The emulator dump is a sink too: session key ids are redacted there as everywhere (secret-leak.test.ts
      // checks every form), so what is left to look for is anything key- or secret-shaped.
      const sessionCalls = (result.dump?.calls ?? []).filter((c) => c.principalArn.includes(':assumed-role/'))
      expect(sessionCalls.length).toBeGreaterThan(0)
      expect(sessionCalls.filter((c) => c.accessKeyId.startsWith('ASIA'))).toEqual([])
      const files = await project.files()
      expect(files.length).toBeGreaterThanOrEqual(5)
      for (const file of files) {
        const text = await project.read(file)
        expect(text).not.toMatch(
          /\b(?:ASIA|AKIA)[A-Z0-9]{16}\b|SecretAccessKey|SessionToken|secretAccessKey|sessionToken/,
        )
      }
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'cleans up: no resource is left in the emulator and the account is closed',
    async () => {
      expect(leftovers(result.dump)).toEqual([])
      // Each scenario deleted what it created as it ended: nothing is left for the run's teardown to delete.
      expect(result.stdout).not.toContain('cleanup: deleting')
      expect(result.dump?.calls.some((c) => c.operation === 'CloseAccount' && c.outcome === 'success')).toBe(true)
      const ledger = JSON.parse(await project.read('reports/state/accounts.json'))
      expect(JSON.stringify(ledger)).toContain('ap-east-1')
      // The ledger holds the operations the run's own successful calls used, with their +tags form.
      const used: string[] = ledger.accounts[0].operationsUsed
      expect(used).toEqual(
        expect.arrayContaining(['logs:CreateLogGroup+tags@ap-east-1', 'ecr:CreateRepository+tags@ap-east-1']),
      )
      // EC2 answered RunInstances with DryRunOperation: not use.
      expect(used.filter((key) => key.startsWith('ec2:RunInstances'))).toEqual([])
      const schedule = JSON.parse(await project.read('reports/state/freshness.json'))
      expect(Object.keys(schedule.lastFresh).sort()).toEqual([
        'ec2/run-tagged-instance@ap-east-1',
        'ecr/create-tagged-repository@ap-east-1',
        'logs/create-tagged-log-group@ap-east-1',
      ])
    },
    E2E_TIMEOUT_MS,
  )
})
