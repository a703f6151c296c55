/**
 * The history store through the real CLI (issue #10): nights push to a bare repository's results branch,
 * a fresh working copy (evicted history) still sees the open regression, and a laptop's release gate
 * compares with the nightly without pushing.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBareRemote, remoteFiles, type TempRepos } from '../store/test-repos.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'
import { policyWithout } from './policy-variants.js'

const OLD_POLICY = ['logs:TagLogGroup', 'logs:TagResource']
const LOGS_ONLY = ['--scenario', 'logs/*', '--region', 'ca-central-1']

describe('history in a git results branch', () => {
  let repos: TempRepos
  let store: string
  const projects: Project[] = []
  const project = async (extra: Record<string, unknown> = {}) => {
    const created = await createProject({
      'harness.config.ts': shippedConfig({ history: store, ...extra }),
      'old.json': await policyWithout(...OLD_POLICY),
    })
    projects.push(created)
    return created
  }
  beforeAll(async () => {
    repos = await createBareRemote()
    store = `git:${repos.bare}#harness-results`
  })
  afterAll(async () => {
    for (const created of projects) await created.remove()
    await repos.remove()
  })

  it(
    'Given two nights pushed, When a fresh working copy runs, Then the regression is still open (exit 1), not a first run',
    async () => {
      const nightly = await project()
      const before = await nightly.run(['run', ...LOGS_ONLY, '--policy', 'old.json', '--emulator-date', '2022-10-01'])
      expect(before.code).toBe(0)
      expect(before.stdout).toMatch(/history git:.*#harness-results: 0 run\(s\) stored, 0 new here/)
      // The run, the account ledger, the freshness record and the run's journal (reports/state) are all kept in the store.
      expect(before.stdout).toMatch(/pushed 4 file\(s\)/)
      const stored = remoteFiles(repos.bare, 'harness-results')
      expect(stored).toContain('state/accounts.json')
      expect(stored).toContain('state/freshness.json')
      expect(stored.filter((f) => /^state\/journal\/.+\.jsonl$/.test(f))).toHaveLength(1)
      const after = await nightly.run(['run', ...LOGS_ONLY, '--policy', 'old.json', '--emulator-date', '2022-11-15'])
      expect(after.code).toBe(1)
      // A night joins the history (CI=true): it is not a release check, so no gate line compares it with itself.
      expect(after.stdout).not.toContain('Release gate:')
      expect(after.stdout).toMatch(/pushed \d+ file\(s\)/)
      expect(remoteFiles(repos.bare, 'harness-results').filter((f) => f.startsWith('runs/'))).toHaveLength(2)

      const evicted = await project()
      const next = await evicted.run(['run', ...LOGS_ONLY, '--policy', 'old.json', '--emulator-date', '2022-11-15'])
      expect(next.stdout).toMatch(/2 run\(s\) stored, 2 new here/)
      expect(next.code).toBe(1)
      const drift = JSON.parse(await evicted.read('reports/drift.json'))
      expect(drift.changes).toEqual([
        expect.objectContaining({ step: 'CreateLogGroup', change: 'unchanged', stillDenied: true }),
      ])
      expect(next.stdout).not.toContain('Release gate:')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given the nightly history, When a laptop runs the release gate with the fixed policy and --no-push, Then NEW ALLOW, a stale warning, and the store is unchanged',
    async () => {
      const laptop = await project({ releaseGate: { maxBaselineAgeHours: 0.0001 } })
      const commitsBefore = execFileSync('git', ['rev-list', '--count', 'harness-results'], {
        cwd: repos.bare,
        encoding: 'utf8',
      })
      const gate = await laptop.run(['run', ...LOGS_ONLY, '--emulator-date', '2022-11-15', '--no-push'])
      expect(gate.stdout).toMatch(
        /Release gate: NEW ALLOW — 1 of 1 step\(s\): .*CreateLogGroup @ ca-central-1: allowed — vs nightly \S+ \(\S+ old, STALE\)/,
      )
      expect(gate.stdout).toMatch(/warning: the nightly run compared with is \S+ old \(more than 0.0001h\)/)
      const commitsAfter = execFileSync('git', ['rev-list', '--count', 'harness-results'], {
        cwd: repos.bare,
        encoding: 'utf8',
      })
      expect(commitsAfter).toBe(commitsBefore)
      const written = JSON.parse(await laptop.read('reports/release-gate.json'))
      expect(written).toMatchObject({ status: 'new-allow', stale: true })
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given the nightly history, When a laptop runs outside CI without --push, Then it is a release check the store never gets, even from a later --push',
    async () => {
      const laptop = await project()
      const runsInStore = () => remoteFiles(repos.bare, 'harness-results').filter((f) => f.startsWith('runs/'))
      const before = runsInStore()
      const args = ['run', ...LOGS_ONLY, '--policy', 'old.json', '--emulator-date', '2022-11-15']
      const check = await laptop.run(args, { CI: '' })
      expect(check.code).toBe(1)
      expect(check.stdout).toMatch(/Release gate: SAME AS THE NIGHTLY — 1 step\(s\) as the nightly — vs nightly/)
      expect(check.stdout).toMatch(
        /this run was not pushed: outside CI a run is a check against the nightly's history, not part of it \(--push adds it\)/,
      )
      expect(runsInStore()).toEqual(before)
      const checkRunId = /run (\S+): 1 scenario/.exec(check.stdout)?.[1]
      const checkFile = (await laptop.files('reports/runs')).find((file) => file.endsWith(`${checkRunId}.json`))
      const checkRecord = JSON.parse(await laptop.read(checkFile!))
      expect(checkRecord.releaseCheck).toBe(true)

      const joined = await laptop.run([...args, '--push'], { CI: '' })
      expect(joined.stdout).not.toContain('Release gate:')
      expect(joined.stdout).toMatch(/pushed \d+ file\(s\)/)
      expect(joined.stdout).toContain(
        `history: not pushed: 1 release-check run(s) (${checkRecord.runId}): checks against the history, never part of it`,
      )
      const added = runsInStore().filter((file) => !before.includes(file))
      expect(added).toHaveLength(1)
      expect(added[0]).not.toContain(checkRecord.runId)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given an unreachable store, Then the run stops before any account is created with exit 3 naming the store',
    async () => {
      const broken = await createProject({
        'harness.config.ts': shippedConfig({ history: 'git:/nonexistent/results.git#r' }),
      })
      projects.push(broken)
      const result = await broken.run(['run', ...LOGS_ONLY])
      expect(result.code).toBe(3)
      expect(result.stderr).toMatch(/harness: cannot fetch the history branch r:/)
      expect(result.dump).toBeUndefined()
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given a malformed history setting, Then exit 2 naming the field',
    async () => {
      const bad = await createProject({ 'harness.config.ts': shippedConfig({ history: 'git:origin' }) })
      projects.push(bad)
      const result = await bad.run(['history', 'list'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/harness.config.ts: history: "git:origin" must be git:<remote>#<branch>/)
    },
    E2E_TIMEOUT_MS,
  )
})
