import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ResolveInput, resolveConfig } from './resolve.js'
import { validateUserConfig } from './schema.js'

const cwd = '/work/project'
const base: ResolveInput = { user: {}, cwd, env: {}, flags: {} }

describe('resolveConfig', () => {
  it('given nothing, defaults to the embedded emulator and the shipped scenarios and policy', () => {
    const { config, errors } = resolveConfig(base)
    expect(errors).toEqual([])
    expect(config).toMatchObject({
      target: 'local',
      regions: ['us-east-1'],
      policyFile: '/work/project/scenarios/minimal-policy.json',
      scenarioGlobs: ['/work/project/scenarios/*.ts'],
      reportsDir: '/work/project/reports',
      concurrency: 4,
      launch: false,
      accounts: { afterRun: 'close', namePrefix: 'harness-' },
    })
  })

  it('given management credentials in the config, targets AWS', () => {
    const user = { aws: { profile: 'mgmt' }, accounts: { emailTemplate: 'ops+{id}@example.com' } }
    expect(resolveConfig({ ...base, user }).config.target).toBe('aws')
  })

  it('plans with the account pool on AWS and vends per run on the emulator, unless the config says otherwise', () => {
    const aws = { aws: { profile: 'mgmt' }, accounts: { emailTemplate: 'ops+{id}@example.com' } }
    expect(resolveConfig({ ...base, user: aws }).config.accounts.strategy).toBe('pool')
    expect(resolveConfig(base).config.accounts.strategy).toBe('per-run')
    const perRunOnAws = { ...aws, accounts: { ...aws.accounts, strategy: 'per-run' as const } }
    expect(resolveConfig({ ...base, user: perRunOnAws }).config.accounts.strategy).toBe('per-run')
    const poolLocally = { accounts: { strategy: 'pool' as const } }
    expect(resolveConfig({ ...base, user: poolLocally }).config.accounts.strategy).toBe('pool')
    // Flag beats environment beats file.
    const env = { HARNESS_ACCOUNTS_STRATEGY: 'per-run' }
    expect(resolveConfig({ ...base, user: poolLocally, env }).config.accounts.strategy).toBe('per-run')
    const flags = { strategy: 'pool' as const }
    expect(resolveConfig({ ...base, user: perRunOnAws, env, flags }).config.accounts.strategy).toBe('pool')
  })

  it.each([
    ['flag beats env and file', { regions: ['eu-west-1'] }, { HARNESS_REGIONS: 'us-west-2' }, ['eu-west-1']],
    ['env beats file', {}, { HARNESS_REGIONS: 'us-west-2,ap-east-1' }, ['us-west-2', 'ap-east-1']],
    ['file beats default', {}, {}, ['ca-central-1']],
  ])('precedence for regions: %s', (_name, flags, env, expected) => {
    const user = { regions: ['ca-central-1'] }
    expect(resolveConfig({ ...base, user, flags, env }).config.regions).toEqual(expected)
  })

  it('resolves file paths against the config file directory and flag paths against the working directory', () => {
    const { config } = resolveConfig({
      ...base,
      configFile: '/work/project/conf/harness.config.ts',
      user: { policy: 'policy.json', reportsDir: 'out' },
      flags: { baseline: 'old.json' },
    })
    expect(config.policyFile).toBe(path.resolve('/work/project/conf/policy.json'))
    expect(config.reportsDir).toBe(path.resolve('/work/project/conf/out'))
    expect(config.baselineFile).toBe(path.resolve('/work/project/old.json'))
  })

  it('reads a --baseline run id as its record in the reports directory, as harness diff and report do (QA)', () => {
    const runId = '2026-12-07T13-40-13-068Z-32278d'
    const { config } = resolveConfig({
      ...base,
      configFile: '/work/project/conf/harness.config.ts',
      user: { reportsDir: 'out' },
      flags: { baseline: runId },
    })
    expect(config.baselineFile).toBe(path.resolve(`/work/project/conf/out/runs/${runId}.json`))
  })

  it('applies every CI environment override', () => {
    const env = {
      HARNESS_TARGET: 'aws',
      HARNESS_REPORTS_DIR: 'ci-reports',
      HARNESS_POLICY: 'ci-policy.json',
      HARNESS_AWS_PROFILE: 'ci',
      HARNESS_MANAGEMENT_ROLE_ARN: 'arn:aws:iam::123456789012:role/harness-management',
      HARNESS_ACCOUNTS_AFTER_RUN: 'keep',
    }
    const user = { accounts: { emailTemplate: 'ci+{id}@example.com' } }
    const { config, errors } = resolveConfig({ ...base, user, env })
    expect(errors).toEqual([])
    expect(config).toMatchObject({
      target: 'aws',
      reportsDir: '/work/project/ci-reports',
      policyFile: '/work/project/ci-policy.json',
      aws: { profile: 'ci', roleArn: 'arn:aws:iam::123456789012:role/harness-management' },
      accounts: { afterRun: 'keep' },
    })
  })

  it('names the environment variable when its value is wrong, collecting every problem', () => {
    const env = {
      HARNESS_TARGET: 'azure',
      HARNESS_REGIONS: 'moon-1',
      HARNESS_ACCOUNTS_AFTER_RUN: 'burn',
      HARNESS_ACCOUNTS_STRATEGY: 'sandbox',
    }
    const { errors } = resolveConfig({ ...base, env })
    expect(errors.map((e) => e.source)).toEqual([
      'HARNESS_TARGET',
      'HARNESS_REGIONS',
      'HARNESS_ACCOUNTS_AFTER_RUN',
      'HARNESS_ACCOUNTS_STRATEGY',
    ])
  })

  it('requires an email template when a command vends accounts on AWS, not for one that never does (sweep, plan)', () => {
    const { errors } = resolveConfig({ ...base, flags: { target: 'aws' }, vends: true })
    expect(errors).toEqual([expect.objectContaining({ path: 'accounts.emailTemplate' })])
    expect(resolveConfig({ ...base, flags: { target: 'aws' } }).errors).toEqual([])
  })
})

describe('validateUserConfig', () => {
  it.each([
    [{ target: 'gcp' }, 'target'],
    [{ regions: [] }, 'regions'],
    [{ regions: ['us-east-1', 'atlantis-1'] }, 'regions[1]'],
    [{ accounts: { emailTemplate: 'no-placeholder@example.com' } }, 'accounts.emailTemplate'],
    // not an address once {id} is filled in, or longer than the 64 characters Organizations accepts
    [{ accounts: { emailTemplate: 'not an email {id}' } }, 'accounts.emailTemplate'],
    [{ accounts: { emailTemplate: '{id}' } }, 'accounts.emailTemplate'],
    [{ accounts: { emailTemplate: `${'x'.repeat(30)}+{id}@example.com` } }, 'accounts.emailTemplate'],
    [{ accounts: { afterRun: 'delete' } }, 'accounts.afterRun'],
    [{ accounts: { organizationalUnitId: 'r-abcd' } }, 'accounts.organizationalUnitId'],
    [{ aws: { roleArn: 'not-an-arn' } }, 'aws.roleArn'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ emulator: { date: 'someday' } }, 'emulator.date'],
    [{ emulator: { date: '1' } }, 'emulator.date'],
    // QA: a day that does not exist, and a year the emulator's clock does not take
    [{ emulator: { date: '2022-02-30' } }, 'emulator.date'],
    [{ emulator: { date: '1999-01-01' } }, 'emulator.date'],
    // QA: refused by CreateAccount only once the run had started (Organizations' Tag rules)
    [{ accounts: { tags: { 'aws:team': 'x' } } }, 'accounts.tags.aws:team'],
    [{ accounts: { tags: { ['k'.repeat(129)]: 'v' } } }, `accounts.tags.${'k'.repeat(129)}`],
    [{ accounts: { tags: { team: 'v'.repeat(257) } } }, 'accounts.tags.team'],
    [{ accounts: { tags: { team: 'a;b' } } }, 'accounts.tags.team'],
    [{ accounts: { tags: { 'harness:managed': 'no' } } }, 'accounts.tags.harness:managed'],
    [{ accounts: { tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, 'v'])) } }, 'accounts.tags'],
    [{ emulator: { timeScale: -1 } }, 'emulator.timeScale'],
    [{ scenario: 'typo' }, '(root)'],
    [{ launch: 'yes' }, 'launch'],
    [{ limits: { windDownSeconds: 0 } }, 'limits.windDownSeconds'],
    [{ limits: { windDownSeconds: 601 } }, 'limits.windDownSeconds'],
  ])('rejects %j at %s', (input, pathName) => {
    const { errors } = validateUserConfig(input, 'harness.config.ts')
    expect(errors.map((e) => e.path)).toContain(pathName)
    expect(errors.every((e) => e.source === 'harness.config.ts')).toBe(true)
  })

  it('collects all problems at once', () => {
    const { errors } = validateUserConfig({ target: 'x', concurrency: 0, regions: ['nope'] }, 'c.ts')
    expect(errors).toHaveLength(3)
  })

  it('accepts a complete config', () => {
    const input = {
      target: 'aws',
      aws: { profile: 'mgmt', roleArn: 'arn:aws:iam::123456789012:role/r', homeRegion: 'us-east-1' },
      accounts: {
        emailTemplate: 'a+{id}@b.co',
        namePrefix: 'h-',
        organizationalUnitId: 'ou-ab12-cdef3456',
        tags: { team: 'x' },
        afterRun: 'keep',
      },
      regions: ['ap-east-1'],
      policy: 'p.json',
      permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      scenarios: ['scenarios/*.ts'],
      concurrency: 8,
      reportsDir: 'r',
      emulator: { date: '2022-10-01', timeScale: 0.01, timeline: 't.json', faults: 'f.json' },
      launch: true,
      limits: { stepTimeoutSeconds: 60, scenarioTimeoutSeconds: 120, windDownSeconds: 0.5 },
    }
    expect(validateUserConfig(input, 'c.ts')).toEqual({ value: input, errors: [] })
  })
})
