import { describe, expect, it } from 'vitest'
import { ALL_COMMERCIAL_REGIONS } from '../config/regions.js'
import { parseRunArgs } from './run-args.js'

describe('parseRunArgs', () => {
  it('accepts repeated and comma-separated regions, deduplicated', () => {
    const { overrides } = parseRunArgs([
      '--region',
      'ap-east-1,us-east-1',
      '--region',
      'ap-east-1',
      '--region',
      'eu-west-1',
    ])
    expect(overrides.regions).toEqual(['ap-east-1', 'us-east-1', 'eu-west-1'])
  })

  it('expands --region all to every commercial region', () => {
    expect(parseRunArgs(['--region', 'all']).overrides.regions).toEqual(ALL_COMMERCIAL_REGIONS)
    expect(ALL_COMMERCIAL_REGIONS).toContain('ap-east-1')
  })

  it('maps every flag to its override', () => {
    const args = parseRunArgs([
      '--scenario',
      'logs/*',
      '--scenario',
      'ecr-create-tagged-repository',
      '--policy',
      'p.json',
      '--config',
      'c.ts',
      '--reports-dir',
      'r',
      '--baseline',
      'b.json',
      '--target',
      'local',
      '--emulator-date',
      '2022-10-01',
      '--time-scale',
      '0.001',
      '--timeline',
      't.json',
      '--faults',
      'f.json',
      '--launch',
      '--concurrency',
      '2',
      '--keep-account',
      '--strategy',
      'per-run',
      '--history',
      'git:origin#harness-results',
      '--no-push',
      '--shard',
      '2/3',
      '--shard-group',
      '12345',
    ])
    expect(args).toEqual({
      help: false,
      configFile: 'c.ts',
      push: false,
      shard: { index: 2, count: 3, group: '12345' },
      overrides: {
        scenarioFilters: ['logs/*', 'ecr-create-tagged-repository'],
        policy: 'p.json',
        reportsDir: 'r',
        baseline: 'b.json',
        target: 'local',
        emulatorDate: '2022-10-01',
        timeScale: 0.001,
        timeline: 't.json',
        faults: 'f.json',
        launch: true,
        concurrency: 2,
        afterRun: 'keep',
        strategy: 'per-run',
        history: 'git:origin#harness-results',
      },
    })
  })

  it('--push and --no-push say whether the run joins the history; neither leaves it to the environment', () => {
    expect(parseRunArgs(['--push']).push).toBe(true)
    expect(parseRunArgs(['--no-push']).push).toBe(false)
    expect(parseRunArgs([])).not.toHaveProperty('push')
  })

  it.each([
    [['--bogus'], "Unknown option '--bogus'. See --help."],
    [['--reports-dri', 'out'], "Unknown option '--reports-dri' (did you mean --reports-dir?). See --help."],
    [['--shard', '4/3', '--shard-group', 'g'], '--shard must be <i>/<n> with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, got "4/3".'],
    [['--shard', '1/2'], '--shard needs --shard-group <id>'],
    [['--shard-group', 'g'], '--shard-group needs --shard <i>/<n>.'],
    [['--region', 'mars-1'], '--region: unknown region(s): mars-1'],
    [
      ['--region', 'ap-esat-1,AP-EAST-1'],
      'unknown region(s): ap-esat-1 (did you mean ap-east-1?), AP-EAST-1 (did you mean ap-east-1?)',
    ],
    [['--region'], "'--region <value>' argument missing"],
    [['--target', 'gcp'], '--target must be local or aws'],
    [['--emulator-date', 'soon'], '--emulator-date must be an ISO date'],
    [['--time-scale', '0'], '--time-scale must be a positive number'],
    [['--concurrency', '1.5'], '--concurrency must be a positive integer'],
    [['--keep-account', '--close-account'], 'exclude each other'],
    [['--strategy', 'sandbox'], '--strategy must be pool or per-run, got "sandbox"'],
    [['stray'], 'takes no positional arguments'],
    [['--time-scale', '-1'], '--time-scale needs a value, got the option-like "-1"; write --time-scale=-1'],
    [['--time-scale=-1'], '--time-scale must be a positive number up to 1000, got "-1"'],
    // the config file's limits apply to flags too, and only ISO dates are dates
    [['--time-scale', '1e9'], '--time-scale must be a positive number up to 1000'],
    [['--concurrency', '100000'], '--concurrency must be a positive integer up to 64'],
    [['--emulator-date', '1'], '--emulator-date must be an ISO date'],
    [['--emulator-date', '99999-01-01'], '--emulator-date must be an ISO date'],
    // QA: a day that does not exist was rolled over (2022-03-02); the emulator's clock refuses 1999.
    [
      ['--emulator-date', '2022-02-30'],
      '--emulator-date must be an ISO date like 2022-10-01, from 2000-01-01 to 2999-12-31',
    ],
    [
      ['--emulator-date', '1999-01-01'],
      '--emulator-date must be an ISO date like 2022-10-01, from 2000-01-01 to 2999-12-31',
    ],
    // QA: Date rolls T24:00 over to the next day
    [['--emulator-date', '2022-10-01T24:00:00Z'], '--emulator-date must be an ISO date like 2022-10-01'],
    // an empty value would silently fall back to the default
    [['--policy', ''], '--policy needs a value, got an empty one'],
    [['--reports-dir='], '--reports-dir needs a value, got an empty one'],
    [['--config', ' '], '--config needs a value, got an empty one'],
    [['--scenario', 'logs/*', '--scenario', ''], '--scenario needs a value, got an empty one'],
    [['--baseline', ''], '--baseline needs a value'],
  ])('rejects %j naming the flag', (args, message) => {
    expect(() => parseRunArgs(args)).toThrowError(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining(message) }),
    )
  })

  it('ends a parse error with one period before "See --help"', () => {
    expect(() => parseRunArgs(['--bogus'])).toThrowError(/^[^.]*'--bogus'\. See --help\.$/)
  })

  it('never echoes a huge bad value back', () => {
    const huge = 'x'.repeat(1_000_000)
    for (const args of [['--target', huge], ['--time-scale', huge], ['--region', huge], [huge]]) {
      const error = (() => {
        try {
          parseRunArgs(args)
        } catch (caught) {
          return caught as Error
        }
      })()
      expect(error?.message.length).toBeLessThan(300)
    }
  })
})
