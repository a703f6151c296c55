/**
 * Surviving kill -9: `harness run` is killed with SIGKILL at seeded random instants across every
 * phase (pre-sweep, vending, role bootstrap, region enabling, scenarios, cleanup, reporting) while
 * cleanup calls fail at random with 503s; then `harness sweep --yes` must leave no resource and no
 * open account that harness vended. Runs share one emulator (HARNESS_EMULATOR_ENDPOINT) and one
 * reports directory, several at a time, so this is also a concurrent-runs test. Reproduce a
 * failure with HARNESS_KILL_SEED=<seed>; HARNESS_KILL_POINTS sets how many kills (the suite runs 6;
 * `HARNESS_KILL_POINTS=50 npx vitest run harness/e2e/survive.test.ts` is the full rehearsal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAccountLedger } from '../accounts/ledger.js'
import { MANAGEMENT_ACCOUNT_ID } from '../emulator/core/state.js'
import { mulberry32 } from '../emulator/faults/selection.js'
import { startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'
import { runUntilKilled } from './kill-cli.js'

const SEED = Number(process.env.HARNESS_KILL_SEED ?? 20_261_206)
// Each kill costs a CLI start-up (most of a CPU-second); the suite runs 6, the full rehearsal 50 or more.
const KILL_POINTS = Number(process.env.HARNESS_KILL_POINTS ?? 6)
const AT_ONCE = 3
// ECR and Logs leave resources to clean up; the EC2 scenario's DryRun leaves none, and its 2 MB client
// would add a third of a CPU-second to each killed process's start-up.
const RUN_ARGS = ['run', '--region', 'ap-east-1', '--scenario', 'ecr/*', '--scenario', 'logs/*']

/** Progress lines that open each phase; a kill comes 0–40 ms after one of them. */
const PHASES = [
  /^run /m,
  /sweep: /,
  /vending a brand-new/,
  /CreateAccount requested/,
  /account: \d{12} ready/,
  /role: creating/,
  /region ENABLING/,
  /assumable after/,
  /region ready/,
  /CreateRepository: /,
  /CreateLogGroup: /,
  /cleanup: deleting/,
  /cleanup: account/,
  /report: /,
]

describe('kill -9 at random instants, then harness sweep --yes', () => {
  let emu: TestEmulator
  let project: Project
  beforeAll(async () => {
    emu = await startTestEmulator({
      date: '2026-06-01T00:00:00Z',
      maxAccounts: KILL_POINTS + 20,
      seed: SEED,
      faults: [
        {
          operation: ['DeleteLogGroup', 'DeleteRepository', 'DeleteRole', 'CloseAccount', 'TerminateInstances'],
          fault: 'service-unavailable',
          rate: 0.3,
        },
      ],
    })
    project = await createProject({ 'harness.config.ts': shippedConfig() })
  })
  afterAll(async () => {
    await emu?.stop()
    await project?.remove()
  })

  it(
    `leaves zero resources and zero open harness accounts over ${KILL_POINTS} kill points (seed ${SEED})`,
    async () => {
      const random = mulberry32(SEED)
      const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
      const kills = Array.from({ length: KILL_POINTS }, () => ({
        phase: PHASES[Math.floor(random() * PHASES.length)]!,
        delayMs: Math.floor(random() * 40),
      }))
      for (let i = 0; i < kills.length; i += AT_ONCE)
        await Promise.all(
          kills
            .slice(i, i + AT_ONCE)
            .map((k) => runUntilKilled({ cwd: project.dir, args: RUN_ARGS, env, when: k.phase, delayMs: k.delayMs })),
        )

      // The sweep is a command like any other here (the kills are what needs real processes): in-process.
      const swept = await project.run(['sweep', '--yes'], env)
      expect(swept.stderr).toBe('')
      expect(swept.code).toBe(0)

      const members = [...emu.state.accounts.values()].filter((a) => a.id !== MANAGEMENT_ACCOUNT_ID)
      expect(members.length).toBeGreaterThan(0)
      expect(members.filter((a) => a.status === 'ACTIVE').map((a) => a.id)).toEqual([])
      const resources = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as {
        resources: Array<{ accountId: string; type: string; id: string }>
      }
      const left = resources.resources.filter(
        (r) =>
          r.accountId !== MANAGEMENT_ACCOUNT_ID && !(r.type === 'iam:role' && r.id === 'OrganizationAccountAccessRole'),
      )
      expect(left).toEqual([])
      // Every account a run created is in a journal: none was created twice or unrecorded.
      const again = await project.run(['sweep'], env)
      expect(again.stdout).toContain('nothing left behind')
    },
    E2E_TIMEOUT_MS + KILL_POINTS * 15_000,
  )
})

describe('two runs at once on one reports directory', () => {
  it(
    'both finish, and the ledger keeps both accounts',
    async () => {
      const emu = await startTestEmulator({ date: '2026-06-01T00:00:00Z' })
      const project = await createProject({ 'harness.config.ts': shippedConfig() })
      try {
        const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
        // In one process (the CLI's main() twice at once): the runs share the reports directory, ledger
        // and index the same way; the ledger's cross-process lock file is tested with real processes in
        // journal/journal.test.ts.
        // One scenario each: what is shared is the reports directory, not the scenarios (each run at once
        // starts a scenario thread, which loads only the SDK clients its scenarios name).
        const args = ['run', '--region', 'us-east-1', '--scenario', 'logs/*']
        const results = await Promise.all([project.run(args, env), project.run(args, env)])
        expect(
          results.map((r) => r.code),
          results.map((r) => r.stderr).join('\n'),
        ).toEqual([0, 0])
        const ledger = await readAccountLedger(project.reportsDir)
        expect(ledger.accounts.map((a) => a.status)).toEqual(['closed', 'closed'])
        expect(await project.files('reports/runs')).toHaveLength(2)
      } finally {
        await emu.stop()
        await project.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
