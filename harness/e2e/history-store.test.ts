/**
 * The history store through the real CLI (issue #10): nights push to a bare repository's results branch,
 * a fresh working copy (evicted history) still sees the open regression, and a laptop's release gate
 * compares with the nightly without pushing.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBareRemote, remoteFile, remoteFiles, type TempRepos } from '../store/test-repos.js'
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
      // The run, the account ledger, the freshness record (a replay's: these nights replay 2022) and the run's
      // journal (reports/state) are all kept in the store.
      expect(before.stdout).toMatch(/pushed 4 file\(s\)/)
      const stored = remoteFiles(repos.bare, 'harness-results')
      expect(stored).toContain('state/accounts.json')
      expect(stored).toContain('state/replay-freshness.json')
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

      // A --baseline run id only the store holds is read after the pull (review: it was "file not found").
      const firstNight = /^run (\S+): /m.exec(before.stdout)?.[1]
      const pinned = await (await project()).run([
        'run',
        ...LOGS_ONLY,
        '--policy',
        'old.json',
        '--emulator-date',
        '2022-11-15',
        '--baseline',
        firstNight!,
        '--no-push',
      ])
      expect(pinned.stderr).not.toContain('not found')
      expect(pinned.code).toBe(1)
      expect(pinned.stdout).toContain(`Drift vs baseline ${firstNight}: 1 regression`)
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
        /Release gate: NEW ALLOW — 1 of 1 step\(s\): .*CreateLogGroup @ ca-central-1: allowed — vs replay nightly \S+ \(emulated \S+, \S+ old, STALE\)/,
      )
      expect(gate.stdout).toMatch(/warning: the nightly run compared with is \S+ old \(more than 0.0001h\)/)
      // It says that it left the store unchanged, as a check without --no-push does (QA).
      expect(gate.stdout).toMatch(/not pushed: --no-push makes this run a release check, kept in \S+checks /)
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
    'Given the nightly history, When a laptop runs outside CI without --push, Then it is a release check that never joins the history, not even as a baseline',
    async () => {
      const laptop = await project()
      const runsInStore = () => remoteFiles(repos.bare, 'harness-results').filter((f) => f.startsWith('runs/'))
      const before = runsInStore()
      const args = ['run', ...LOGS_ONLY, '--emulator-date', '2022-11-15']
      // The fixed policy: the check sees the step allowed, which the nightly never did.
      const check = await laptop.run(args, { CI: '' })
      expect(check.code).toBe(0)
      expect(check.stdout).toMatch(/Release gate: NEW ALLOW — 1 of 1 step\(s\)/)
      expect(check.stdout).toMatch(
        /not pushed: outside CI a run is a release check against the nightly's history, kept in \S+checks \(run with --push to make a run part of the history\)/,
      )
      expect(runsInStore()).toEqual(before)
      // Its fresh test is not the nightly's: the schedule it pulled is as the store has it.
      expect(JSON.parse(await laptop.read('reports/state/replay-freshness.json'))).toEqual(
        JSON.parse(remoteFile(repos.bare, 'harness-results', 'state/replay-freshness.json')),
      )
      const checkRunId = /run (\S+): 1 scenario/.exec(check.stdout)?.[1]
      const [checkFile] = await laptop.files('reports/checks')
      expect(checkFile).toMatch(new RegExp(`checks/${checkRunId}\\.json$`))
      expect(JSON.parse(await laptop.read(checkFile!)).releaseCheck).toBe(true)
      expect((await laptop.files('reports/runs')).some((file) => file.includes(checkRunId!))).toBe(false)
      // Still reportable and diffable by its id, from reports/checks.
      const reported = await laptop.run(['report', checkRunId!])
      expect(reported.stderr).toBe('')
      expect(reported.code).toBe(0)
      expect((await laptop.run(['diff', checkRunId!, checkRunId!])).stderr).toBe('')
      // And a run pins it as its baseline by the same id (QA: reports/runs/<id>.json not found).
      const pinnedToCheck = await laptop.run([...args, '--baseline', checkRunId!], { CI: '' })
      expect(pinnedToCheck.stderr).toBe('')
      expect(pinnedToCheck.stdout).toContain(`Drift vs baseline ${checkRunId}: 0 regressions`)
      // A check's --verify-fix runs in a brand-new account: its fresh test is not the nightly's either.
      const verified = await laptop.run([...args, '--policy', 'old.json', '--verify-fix'], { CI: '' })
      expect(verified.stdout).toMatch(/verify-fix: .*verified/)
      expect(JSON.parse(await laptop.read('reports/state/replay-freshness.json'))).toEqual(
        JSON.parse(remoteFile(repos.bare, 'harness-results', 'state/replay-freshness.json')),
      )

      // The next run that joins the history is compared with the nightly, not with the check: still denied.
      const joined = await laptop.run([...args, '--policy', 'old.json', '--push'], { CI: '' })
      expect(joined.code).toBe(1)
      expect(joined.stdout).not.toContain(checkRunId)
      expect(joined.stdout).not.toContain('Release gate:')
      expect(joined.stdout).toMatch(/pushed \d+ file\(s\)/)
      expect(JSON.parse(await laptop.read('reports/drift.json')).changes).toEqual([
        expect.objectContaining({ step: 'CreateLogGroup', stillDenied: true }),
      ])
      // The check's gate file would read as this run's verdict beside its reports.
      expect(existsSync(path.join(laptop.reportsDir, 'release-gate.json'))).toBe(false)
      const added = runsInStore().filter((file) => !before.includes(file))
      expect(added).toHaveLength(1)
      expect(added[0]).not.toContain(checkRunId)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given runs made without a store, When one run is pushed, Then the others the store lacked go too, each named',
    async () => {
      const local = await createProject({ 'harness.config.ts': shippedConfig() })
      projects.push(local)
      const args = ['run', ...LOGS_ONLY, '--emulator-date', '2022-11-15']
      const unstored = await local.run(args)
      const unstoredId = /run (\S+): 1 scenario/.exec(unstored.stdout)?.[1]
      const pushed = await local.run([...args, '--history', store, '--push'], { CI: '' })
      expect(pushed.stdout).toContain(`history: also pushed 1 earlier run(s) of `)
      expect(pushed.stdout).toMatch(new RegExp(`the store lacked: ${unstoredId}$`, 'm'))
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'Given a store that refuses the push, Then findings keep exit 1 and a passing run exits 3, each saying why',
    async () => {
      const refusing = await createBareRemote()
      try {
        await writeFile(
          path.join(refusing.bare, 'hooks', 'pre-receive'),
          '#!/bin/sh\necho "need approval" >&2\nexit 1\n',
          {
            mode: 0o755,
          },
        )
        const nightly = await createProject({
          'harness.config.ts': shippedConfig({ history: `git:${refusing.bare}#harness-results` }),
          'old.json': await policyWithout(...OLD_POLICY),
        })
        projects.push(nightly)
        const args = ['run', ...LOGS_ONLY, '--emulator-date', '2022-11-15']
        const findings = await nightly.run([...args, '--policy', 'old.json'])
        expect(findings.stdout).toContain('Verdict: findings (exit 1)')
        expect(findings.code).toBe(1)
        expect(findings.stderr).toMatch(
          /cannot push to the history branch: remote: need approval.*\(exit 1: the run's reports are written; findings come first\)/,
        )
        const passing = await nightly.run(args)
        expect(passing.code).toBe(3)
        expect(passing.stderr).toMatch(
          /\(exit 3: the run's reports are written; its record did not reach the history store\)/,
        )
      } finally {
        await refusing.remove()
      }
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
    'Given a code branch as the store, When a nightly runs, Then exit 2 before any account, and nothing is committed on the code',
    async () => {
      const code = path.join(repos.root, 'code')
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: code })
      execFileSync('git', ['init', '-q', code])
      await writeFile(path.join(code, 'README.md'), '# app\n')
      git('add', '-A')
      git('commit', '-qm', 'code')
      git('push', '-q', repos.bare, 'HEAD:refs/heads/develop')
      const nightly = await project()
      const result = await nightly.run(['run', ...LOGS_ONLY, '--history', `git:${repos.bare}#develop`])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(
        /harness: the branch develop of \S+ is not a history store: it holds README.md .*git switch --orphan/,
      )
      expect(result.stdout).not.toMatch(/^account:/m)
      expect(remoteFiles(repos.bare, 'develop')).toEqual(['README.md'])
    },
    E2E_TIMEOUT_MS,
  )

  const stopsEarly: Array<[string, (laptop: Project) => Promise<{ code: number | null }>, number]> = [
    ['a bad --region', (laptop) => laptop.run(['run', '--region', 'ap-east-9', '--no-push'], { CI: '' }), 2],
    [
      'an unreachable store',
      (laptop) => laptop.run(['run', ...LOGS_ONLY, '--history', 'git:/nonexistent/results.git#r'], { CI: '' }),
      3,
    ],
    [
      'Ctrl-C',
      (laptop) => laptop.abortWhen(['run', ...LOGS_ONLY, '--emulator-date', '2022-11-15'], /CreateAccount requested/),
      130,
    ],
  ]
  it.each(stopsEarly)(
    'Given an earlier check’s release-gate.json, When a run stops early on %s, Then no verdict is left standing',
    async (_, run, code) => {
      // The config's own reports directory, found even when the flags fail before the config is read.
      const laptop = await project({ reportsDir: 'out' })
      await laptop.write('out/release-gate.json', '{ "status": "same", "line": "Release gate: SAME AS THE NIGHTLY" }')
      const result = await run(laptop)
      expect(result.code).toBe(code)
      expect(existsSync(path.join(laptop.dir, 'out', 'release-gate.json'))).toBe(false)
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
