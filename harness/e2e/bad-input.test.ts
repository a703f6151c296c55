/**
 * Bad input is exit 2 with one clear message naming the file (and field) at fault, found before any
 * account is created: a malformed config, policy or scenario file, an unknown flag, --target aws
 * without usable credentials (never a silent fallback to the emulator).
 */
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../emulator/testing.js'
import { allowed, makeRun } from '../history/run-fixtures.js'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, shippedConfig } from './cli-project.js'

let project: Project | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /)
}

describe('exit 2 naming what is wrong', () => {
  it(
    'a config with invalid fields lists every problem with its field path',
    async () => {
      project = await createProject({
        'harness.config.ts': `export default { regions: ['mars-north-1'], concurrency: 0, reportDir: 'out', accounts: { emailTemplate: 'x@example.com', stratgy: 'pool' } }\n`,
      })
      const result = await project.run(['run'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `${project.dir}/harness.config.ts: regions[0]: "mars-north-1" is not a known AWS commercial region`,
      )
      expect(result.stderr).toContain('(root): unknown field(s): reportDir (did you mean reportsDir?)')
      expect(result.stderr).toContain('accounts: unknown field(s): stratgy (did you mean strategy?)')
      expect(result.stderr).toContain('concurrency:')
      expect(result.stderr).toContain('accounts.emailTemplate: must contain {id}')
      expectNoStack(result.stderr)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a missing policy or scenarios that match nothing say where the paths were resolved from (--config in a subfolder)',
    async () => {
      project = await createProject({ 'cfg/h.config.ts': `export default { regions: ['us-east-1'] }\n` })
      const cfg = `${project.dir}/cfg`
      const whereFrom = `(the config file's paths and the defaults (scenarios/*.ts, scenarios/minimal-policy.json, reports) resolve from ${cfg}, the folder of ${cfg}/h.config.ts)`
      const noPolicy = await project.run(['run', '--config', 'cfg/h.config.ts'])
      expect(noPolicy.code).toBe(2)
      expect(noPolicy.stderr).toContain(`Policy file ${cfg}/scenarios/minimal-policy.json does not exist ${whereFrom}.`)
      await project.write(
        'policy.json',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
        }),
      )
      // --policy is relative to the working directory, as typed: no such note when it is missing
      const typed = await project.run(['run', '--config', 'cfg/h.config.ts', '--policy', 'nowhere.json'])
      expect(typed.stderr).toContain(`Policy file ${project.dir}/nowhere.json does not exist.`)
      const result = await project.run(['run', '--config', 'cfg/h.config.ts', '--policy', 'policy.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`No scenario files match ${cfg}/scenarios/*.ts ${whereFrom}.`)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a config that does not even load names the file',
    async () => {
      // A real process: the located syntax error is tsx's (esbuild's) text, which only the executable uses.
      project = await createProject({ 'harness.config.ts': 'export default {\n' }, { process: true })
      const result = await project.run(['run'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(new RegExp(`Config file ${project.dir}/harness.config.ts failed to load`))
      // where the syntax error is, not only esbuild's "Transform failed with 1 error:"
      expect(result.stderr).toContain(
        `syntax error at ${project.dir}/harness.config.ts:2:0: Expected identifier but found end of file`,
      )
      expectNoStack(result.stderr)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a malformed policy names the file and the statement field',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'bad-policy.json': JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' },
            { Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' },
          ],
        }),
      })
      const result = await project.run(['run', '--policy', 'bad-policy.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Policy file ${project.dir}/bad-policy.json is not a valid IAM policy`)
      expect(result.stderr).toMatch(/Statement\[1\]\.Effect/)
      expectNoStack(result.stderr)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a policy file that is not JSON names the file',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig(), 'p.json': '{ "Version": ' })
      const result = await project.run(['run', '--policy', 'p.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`${project.dir}/p.json`)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a scenario file without a default export names the file',
    async () => {
      project = await createProject({
        'harness.config.ts': `export default { policy: '${shippedPolicy()}', scenarios: 'scenarios/*.ts' }\n`,
        'scenarios/no-default.ts': `export const scenario = { name: 'x', run: async () => {} }\n`,
      })
      const result = await project.run(['run'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Scenario file ${project.dir}/scenarios/no-default.ts has no default export`)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a scenario file that fails to load names the file',
    async () => {
      project = await createProject({
        'harness.config.ts': `export default { policy: '${shippedPolicy()}', scenarios: 'scenarios/*.ts' }\n`,
        'scenarios/broken.ts': `import { defineScenario } from 'harness'\nthrow new Error('boom at load')\nexport default defineScenario({ name: 'b', run: async () => {} })\n`,
      })
      const result = await project.run(['run'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Scenario file ${project.dir}/scenarios/broken.ts failed to load: boom at load`)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a default export that is not a defineScenario object names the file',
    async () => {
      project = await createProject({
        'harness.config.ts': `export default { policy: '${shippedPolicy()}', scenarios: 'scenarios/*.ts' }\n`,
        'scenarios/plain.ts': `export default { name: 'plain', run: async () => {} }\n`,
      })
      const result = await project.run(['run'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `Scenario file ${project.dir}/scenarios/plain.ts does not default-export a defineScenario`,
      )
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a --scenario filter that matches nothing lists the scenarios there are',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const result = await project.run(['run', '--region', 'us-east-1', '--scenario', 'scenarios/*.ts'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('--scenario scenarios/*.ts matches no scenario.')
      expect(result.stderr).toContain(
        'Available scenarios: ec2/run-tagged-instance, ecr/create-tagged-repository, logs/create-tagged-log-group.',
      )
      expectNoStack(result.stderr)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'an unknown flag or a bad value names the flag',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const unknown = await project.run(['run', '--regoin', 'us-east-1'])
      expect(unknown.code).toBe(2)
      expect(unknown.stderr).toContain("Unknown option '--regoin' (did you mean --region?). See --help.")
      const badRegion = await project.run(['run', '--region', 'us-east-9'])
      expect(badRegion.code).toBe(2)
      expect(badRegion.stderr).toContain('--region: unknown region(s): us-east-9')
      const badDate = await project.run(['run', '--emulator-date', 'yesterday'])
      expect(badDate.code).toBe(2)
      expect(badDate.stderr).toContain('--emulator-date')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a reports directory that cannot be written is exit 2 before any account is created',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig(), 'not-a-dir': 'x' })
      const result = await project.run(['run', '--region', 'us-east-1', '--reports-dir', 'not-a-dir/reports'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `Reports directory ${project.dir}/not-a-dir/reports cannot be written: ${project.dir}/not-a-dir is a file`,
      )
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a corrupt account ledger is exit 2 before any account is created',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'reports/state/accounts.json': JSON.stringify({ schemaVersion: 1, accounts: 'x' }),
      })
      const result = await project.run(['run', '--region', 'us-east-1'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`the account ledger ${project.dir}/reports/state/accounts.json is corrupt`)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a corrupt run record in the history is exit 2 naming it, before any account is created (QA)',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'reports/runs/corrupt.json': '{',
      })
      const result = await project.run(['run', '--region', 'us-east-1', '--scenario', 'logs/*'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`1 run file(s) in ${project.dir}/reports/runs cannot be used`)
      expect(result.stderr).toMatch(/ {2}- Run record .*corrupt\.json is not usable: not JSON/)
      expect(result.stdout).not.toMatch(/^run \S+: \d+ scenario/m)
      expect(result.dump?.calls.filter((call) => call.operation === 'CreateAccount') ?? []).toEqual([])
      expect(await project.files('reports/runs')).toEqual([`${project.dir}/reports/runs/corrupt.json`])
      // With a pinned --baseline too (review): the history still dates changes and draws the dashboard.
      const earlier = makeRun('2026-01-01T00-00-00-000Z-aaaaaa', '2026-01-01T00:00:00.000Z', [
        ['logs/create-tagged-log-group', 'CreateLogGroup', 'us-east-1', allowed()],
      ])
      await project.write('pinned.json', JSON.stringify(earlier))
      const pinned = await project.run([
        'run',
        '--region',
        'us-east-1',
        '--scenario',
        'logs/*',
        '--baseline',
        'pinned.json',
      ])
      expect(pinned.stderr).toContain('1 run file(s)')
      expect(pinned.code).toBe(2)
      expect(pinned.dump?.calls.filter((call) => call.operation === 'CreateAccount') ?? []).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a corrupt freshness schedule is exit 2 before any account is created',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig({ accounts: { strategy: 'pool' } }),
        'reports/state/freshness.json': JSON.stringify({ schemaVersion: 1, lastFresh: { 'a@us-east-1': 'yesterday' } }),
      })
      const result = await project.run(['run', '--region', 'us-east-1'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`the freshness schedule ${project.dir}/reports/state/freshness.json is corrupt`)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a --baseline on today’s clock, given to a run on a dated emulator of its own, is exit 2 before any account',
    async () => {
      const emulator = await startTestEmulator({ date: '2022-10-01T00:00:00Z' })
      try {
        const today = makeRun('2026-12-07T00-00-00Z-aaaaaa', '2026-12-07T00:00:00.000Z', [
          ['logs/create-tagged-log-group', 'CreateLogGroup', 'us-east-1', allowed()],
        ])
        project = await createProject({ 'harness.config.ts': shippedConfig(), 'today.json': JSON.stringify(today) })
        const result = await project.run(['run', '--region', 'us-east-1', '--baseline', 'today.json'], {
          HARNESS_EMULATOR_ENDPOINT: emulator.endpoint,
        })
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(
          /--baseline \S*today\.json ran on today's clock, this run on a replay \(emulated date 2022-10-01\)/,
        )
        expect(emulator.state.calls.some((call) => call.operation === 'CreateAccount')).toBe(false)
      } finally {
        await emulator.stop()
      }
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a corrupt replays’ schedule stops a replay before any account, and only a replay',
    async () => {
      const corrupt = JSON.stringify({ schemaVersion: 1, lastFresh: { 'a@us-east-1': 'yesterday' } })
      project = await createProject({
        'harness.config.ts': shippedConfig({ accounts: { strategy: 'pool' } }),
        'reports/state/replay-freshness.json': corrupt,
      })
      const replay = await project.run(['run', '--region', 'us-east-1', '--emulator-date', '2022-10-01'])
      expect(replay.code).toBe(2)
      expect(replay.stderr).toContain(`${project.dir}/reports/state/replay-freshness.json is corrupt`)
      expect(replay.dump).toBeUndefined()
      // A run on today's clock reads today's schedule only.
      const today = await project.run(['run', '--region', 'us-east-1', '--scenario', 'logs/*'])
      expect(today.stderr).not.toContain('replay-freshness.json')
      expect(today.code).toBe(0)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    '--target aws without usable credentials is exit 2, never a silent fallback',
    async () => {
      project = await awsProject()
      const result = await project.run(['run', '--target', 'aws', '--region', 'us-east-1'], {
        ...withoutAwsSetup(project),
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: 'harness-e2e-no-such-profile',
      })
      expect(result.code).toBe(2)
      expect(result.stdout).not.toMatch(/embedded AWS emulator/)
      expect(result.stderr).toMatch(/^harness: .*credentials/i)
      expect(leftovers(result.dump)).toEqual([])
      const withEmulatorFlag = await project.run(['run', '--target', 'aws', '--time-scale', '0.1'])
      expect(withEmulatorFlag.code).toBe(2)
      expect(withEmulatorFlag.stderr).toContain('--time-scale only applies to the embedded emulator')
      const withTwo = await project.run(['minimize', '--target', 'aws', '--time-scale', '0.1', '--faults', 'f.json'])
      expect(withTwo.code).toBe(2)
      expect(withTwo.stderr).toContain(
        '--time-scale, --faults only apply to the embedded emulator, not to --target aws',
      )
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a HARNESS_EMULATOR_ENDPOINT that is not a URL is exit 2; one where nothing answers is exit 3 saying so',
    async () => {
      project = await createProject({ 'harness.config.ts': shippedConfig() })
      const notUrl = await project.run(['run'], { HARNESS_EMULATOR_ENDPOINT: 'notaurl' })
      expect(notUrl.code).toBe(2)
      expect(notUrl.stderr).toContain(
        'HARNESS_EMULATOR_ENDPOINT must be the http:// URL `harness emulator start` printed, got "notaurl".',
      )
      const closed = `http://127.0.0.1:${await closedPort()}`
      const nobody = await project.run(['run'], { HARNESS_EMULATOR_ENDPOINT: closed })
      expect(nobody.code).toBe(3)
      expect(nobody.stderr).toContain(
        `HARNESS_EMULATOR_ENDPOINT=${closed} does not answer as a harness emulator: nothing answered (ECONNREFUSED)`,
      )
      // Its own emulator keeps the date it was started with: a run flag for it would be ignored, so it is refused.
      const dated = await project.run(['run', '--emulator-date', '2022-10-01'], { HARNESS_EMULATOR_ENDPOINT: closed })
      expect(dated.code).toBe(2)
      expect(dated.stderr).toContain(
        '--emulator-date only applies to the embedded emulator; the one at HARNESS_EMULATOR_ENDPOINT keeps its own',
      )
      expect(await project.files('reports/runs')).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    '--target aws that cannot reach STS is exit 3 saying so, not blamed on the credentials',
    async () => {
      project = await awsProject()
      // Given credentials, but an endpoint where nothing listens
      const result = await project.run(['run', '--target', 'aws', '--region', 'us-east-1'], {
        ...withoutAwsSetup(project),
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        // Random, and not AWS's documented example keys: a run registers its keys (and their fragments) for
        // redaction in this process, which other test files may share, so they must not occur in their texts.
        AWS_ACCESS_KEY_ID: 'AKIAZQ8VT3PL0XNW7RKY',
        AWS_SECRET_ACCESS_KEY: 'Zq8vT3pL0xNw7RkY2mB5cH9dF4gJ6sA1eU0iO3tW',
        AWS_PROFILE: '',
      })
      expect(result.code).toBe(3)
      expect(result.stderr).toMatch(
        /^harness: --target aws could not reach STS http:\/\/127\.0\.0\.1:1 .*\(ECONNREFUSED: /,
      )
      expect(result.stderr).not.toMatch(/gave none that work/)
      expectNoStack(result.stderr)
      // Stopped before a run is announced: no run id for a run that never started
      expect(result.stdout).not.toMatch(/^run /m)
    },
    E2E_TIMEOUT_MS,
  )
})

/** A project whose config targets AWS (it vends, so it names an e-mail template). */
const awsProject = () =>
  createProject({ 'harness.config.ts': shippedConfig({ accounts: { emailTemplate: 'aws+{id}@example.com' } }) })

/** Nothing of the user's own AWS setup: no config or credentials file, no instance metadata. */
const withoutAwsSetup = (project: Project) => ({
  AWS_CONFIG_FILE: `${project.dir}/no-aws-config`,
  AWS_SHARED_CREDENTIALS_FILE: `${project.dir}/no-aws-credentials`,
  AWS_EC2_METADATA_DISABLED: 'true',
})

/**
 * A loopback port where nothing listens. Below 1024, so no test's server (port 0 binds an ephemeral port)
 * can take it between this check and the run, as happened once with a freed ephemeral port
 * (ECONNRESET instead of ECONNREFUSED); 1023 is not on fetch's "bad port" list, which port 1 is.
 */
async function closedPort(): Promise<number> {
  const socket = connect(RESERVED_PORT, '127.0.0.1')
  const refused = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(false))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
  socket.destroy()
  if (!refused) throw new Error(`something listens on 127.0.0.1:${RESERVED_PORT}; this test needs it closed`)
  return RESERVED_PORT
}

const RESERVED_PORT = 1023

function shippedPolicy(): string {
  return new URL('../../scenarios/minimal-policy.json', import.meta.url).pathname
}
