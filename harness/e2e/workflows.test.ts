/**
 * The workflows, run (issue #10): nightly.yml's script steps job by job in the file's order, with a fake
 * GITHUB_* environment, the emulator as AWS, a bare repository as `origin` (the results branch) and a
 * fake `gh`. Three nights on fresh runners (so history survives only through the store): the drift
 * issue stays shut, opens, then closes; shards push concurrently; a release gate from another working
 * copy compares with the nightly. Every workflow file also passes GitHub's parser when it is installed.
 * The `$HARNESS` the scripts call runs the CLI's main() in this test process (cli-over-socket.ts): the
 * scripts, the store and the CLI's commands are under test here, not the process (commands.test.ts,
 * survive.test.ts and the interrupt tests run the real executable).
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ScriptStep, scriptStepsByJob } from '../ci/workflow-steps.js'
import { createBareRemote, remoteFiles, type TempRepos } from '../store/test-repos.js'
import { type CliOverSocket, serveCliOverSocket } from './cli-over-socket.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'
import { FAKE_GH_SCRIPT } from './fake-gh.js'
import { policyWithout } from './policy-variants.js'

const WORKFLOWS = path.join(REPO_ROOT, '.github/workflows')
const REGIONS = 'us-east-1,ca-central-1'
const LOGS_SCENARIO = path.join(REPO_ROOT, 'scenarios/logs-create-tagged-log-group.ts')
/** A GitHub Actions expression as written in the YAML: ${{ text }}. */
const expression = (text: string): string => '$'.concat('{{ ', text, ' }}')
const VALIDATE = path.join(REPO_ROOT, 'harness/ci/validate-workflows.ts')

/** node with the given arguments, in the repository (where tsx resolves). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.on('close', (code) => resolve({ code, stdout }))
  })
}

interface StepResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
}

interface Runner {
  project: Project
  summary: string
}

let repos: TempRepos
let root: string
let harness: CliOverSocket
let baseEnv: Record<string, string>
/** A `.git` with `origin` set to the results remote: what each runner's checkout starts as. */
let checkoutTemplate: string
const runners: Project[] = []

/** A fresh runner: the repository checked out (config, policy), `origin` pointing at the results remote. */
async function freshRunner(date: string, policy: 'old' | 'full'): Promise<Runner> {
  const config = shippedConfig({
    // The night's drift is in CreateLogGroup (the old policy lacks the logs tag actions): the workflow's
    // steps, store and issue are under test here, so the logs scenario alone is enough to run.
    scenarios: LOGS_SCENARIO,
    emulator: { timeScale: 0.0005, date },
    ...(policy === 'old' ? { policy: 'old.json' } : {}),
  })
  const project = await createProject({
    'harness.config.ts': config,
    'old.json': await policyWithout('logs:TagLogGroup', 'logs:TagResource'),
  })
  runners.push(project)
  // A copy of one checkout made in beforeAll: two git processes per runner, forked from this test
  // process (large, so each fork costs more than the git command), are what a copy saves.
  await cp(checkoutTemplate, path.join(project.dir, '.git'), { recursive: true })
  await mkdir(path.join(project.dir, 'runner-temp'))
  return { project, summary: path.join(project.dir, 'step-summary.md') }
}

/** One workflow step: `bash .github/scripts/<script> <phase>` with GitHub's per-step output file. */
function runStep(runner: Runner, step: ScriptStep, env: Record<string, string>): Promise<StepResult> {
  const output = path.join(runner.project.dir, `github-output-${Math.random().toString(36).slice(2)}`)
  const args = [path.join(REPO_ROOT, '.github/scripts', step.script), ...(step.phase ? [step.phase] : [])]
  return new Promise((resolve) => {
    const child = spawn('bash', args, {
      cwd: runner.project.dir,
      env: {
        ...baseEnv,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: runner.summary,
        RUNNER_TEMP: path.join(runner.project.dir, 'runner-temp'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', async (code) => {
      const text = existsSync(output) ? await readFile(output, 'utf8') : ''
      const outputs = Object.fromEntries(
        text
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
      resolve({ code, stdout, stderr, outputs })
    })
  })
}

async function runJob(runner: Runner, steps: ScriptStep[], env: Record<string, string>) {
  const results: Record<string, StepResult> = {}
  let jobEnv = { ...env }
  for (const step of steps) {
    const result = await runStep(runner, step, jobEnv)
    results[step.phase ?? step.script] = result
    if (result.code !== 0 && step.phase !== 'finish')
      throw new Error(`step ${step.script} ${step.phase} failed (${result.code}): ${result.stderr}${result.stdout}`)
    // `CODE: ${{ steps.merge.outputs.code }}` in nightly.yml
    if (step.phase === 'merge') jobEnv = { ...jobEnv, CODE: result.outputs.code ?? '' }
  }
  return results
}

const nightly = async () => scriptStepsByJob(await readFile(path.join(WORKFLOWS, 'nightly.yml'), 'utf8'))
const issues = async () =>
  JSON.parse(await readFile(path.join(root, 'issues.json'), 'utf8').catch(() => '[]')) as Array<{
    number: number
    state: string
    body: string
  }>

/** plan → shards (concurrently, each on its own runner) → merge, as nightly.yml orders them. */
async function night(n: number, date: string, policy: 'old' | 'full') {
  const jobs = await nightly()
  const group = `${9000 + n}`
  const planner = await freshRunner(date, policy)
  const planned = await runJob(planner, jobs.plan ?? [], { HARNESS_REGIONS: REGIONS, SHARDS: '2' })
  const outputs = planned.plan?.outputs ?? {}
  const matrix = JSON.parse(outputs.matrix ?? '{}') as { include: Array<{ shard: string; regions: string }> }
  const shards = await Promise.all(
    matrix.include.map(async (entry) =>
      runJob(await freshRunner(date, policy), jobs.shard ?? [], {
        SHARD: entry.shard,
        HARNESS_REGIONS: entry.regions,
        SHARD_GROUP: group,
      }),
    ),
  )
  const merger = await freshRunner(date, policy)
  const merged = await runJob(merger, jobs.merge ?? [], { PLAN: outputs.plan ?? '', SHARD_GROUP: group })
  return { matrix, shards, merged, group, summary: await readFile(merger.summary, 'utf8'), merger }
}

beforeAll(async () => {
  repos = await createBareRemote()
  root = await mkdtemp(path.join(tmpdir(), 'harness-workflow-'))
  const checkout = path.join(root, 'checkout')
  execFileSync('git', ['init', '-q', checkout])
  execFileSync('git', ['remote', 'add', 'origin', repos.bare], { cwd: checkout })
  checkoutTemplate = path.join(checkout, '.git')
  const bin = path.join(root, 'bin')
  await mkdir(bin)
  await writeFile(path.join(bin, 'gh'), FAKE_GH_SCRIPT)
  await chmod(path.join(bin, 'gh'), 0o755)
  await writeFile(path.join(root, 'gitconfig'), '')
  harness = await serveCliOverSocket(root)
  baseEnv = {
    ...(process.env as Record<string, string>),
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    HARNESS: harness.command,
    HARNESS_TARGET: 'local',
    FAKE_GH_STATE: path.join(root, 'issues.json'),
    // The git-auth step writes global git config: never the developer's own.
    GIT_CONFIG_GLOBAL: path.join(root, 'gitconfig'),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    NO_COLOR: '1',
    HARNESS_DEBUG: '',
  }
  delete baseEnv.HARNESS_HISTORY
  delete baseEnv.HARNESS_REGIONS
}, E2E_TIMEOUT_MS)

afterAll(async () => {
  await harness?.close()
  for (const project of runners) await project.remove()
  await rm(root, { recursive: true, force: true })
  await repos.remove()
})

describe('nightly.yml and release-gate.yml', () => {
  it('lists its script steps job by job: plan, a shard matrix, a merge that reports and keeps the issue', async () => {
    const jobs = await nightly()
    const phases = (list: ScriptStep[] = []) => list.map((s) => `${s.script} ${s.phase ?? ''}`.trim())
    expect(Object.keys(jobs)).toEqual(['plan', 'shard', 'merge'])
    expect(phases(jobs.plan)).toEqual(['nightly.sh plan'])
    expect(phases(jobs.shard)).toEqual(['nightly.sh git-auth', 'nightly.sh shard'])
    expect(phases(jobs.merge)).toEqual([
      'nightly.sh git-auth',
      'nightly.sh merge',
      'nightly.sh summary',
      'nightly.sh issue',
      'nightly.sh finish',
    ])
    const yaml = await readFile(path.join(WORKFLOWS, 'nightly.yml'), 'utf8')
    // What the test feeds each job is what the workflow maps from the matrix and the plan job.
    for (const line of [
      `SHARD: ${expression('matrix.shard')}`,
      `HARNESS_REGIONS: ${expression('matrix.regions')}`,
      `PLAN: ${expression('needs.plan.outputs.plan')}`,
      `CODE: ${expression('steps.merge.outputs.code')}`,
      `SHARD_GROUP: ${expression('github.run_id')}`,
      'fail-fast: false',
      'node-version: 22',
      'role-duration-seconds: 9000',
      'timeout-minutes: 120',
      'uses: mikepenz/action-junit-report@v5',
      'HARNESS_HISTORY: git:origin#harness-results',
    ])
      expect(yaml).toContain(line)
    expect(yaml).toMatch(/^concurrency:\n {2}group: nightly-drift\n {2}cancel-in-progress: false$/m)
    const gateYaml = await readFile(path.join(WORKFLOWS, 'release-gate.yml'), 'utf8')
    const gate = scriptStepsByJob(gateYaml)
    expect(phases(gate.gate)).toEqual(['nightly.sh git-auth', 'release-gate.sh'])
    // Every artifact with the report pages has the dashboard too (QA: the README promises it as one).
    for (const file of [yaml, gateYaml]) {
      const pages = file.match(/^ +reports\/report\.html$/gm) ?? []
      expect(pages.length).toBeGreaterThan(0)
      expect(file.match(/^ +reports\/dashboard\.html$/gm)).toHaveLength(pages.length)
    }
  })

  it(
    'night 1 (2022-10-01): two shards push at once, merge is clean, no issue',
    async () => {
      const result = await night(1, '2022-10-01', 'old')
      expect(result.matrix.include.map((e) => e.regions)).toEqual(['us-east-1', 'ca-central-1'])
      expect(result.merged.finish?.code).toBe(0)
      expect(result.merged.issue?.stdout).toMatch(/drift issue: none/)
      expect(await issues()).toEqual([])
      const files = remoteFiles(repos.bare, 'harness-results')
      expect(files.filter((f) => f.startsWith(`shards/${result.group}/`))).toHaveLength(2)
      expect(files.filter((f) => f.startsWith('runs/'))).toHaveLength(1)
      expect(result.summary).toMatch(/# Permission drift report/)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'night 2 (2022-11-15) on fresh runners: the store remembers night 1, ca-central-1 regresses, the issue opens',
    async () => {
      const result = await night(2, '2022-11-15', 'old')
      expect(result.merged.finish?.code).toBe(1)
      const [issue] = await issues()
      expect(issue).toMatchObject({
        number: 1,
        state: 'OPEN',
        title: 'harness: AWS permission drift (open regressions)',
      })
      expect(issue?.body).toMatch(/^<!-- harness-drift-issue fingerprint=/)
      expect(issue?.body).toMatch(
        /\| logs\/create-tagged-log-group \/ CreateLogGroup \| ca-central-1 \| regression \| logs:TagResource/,
      )
      // The summary shows the regressed region in full and the clean one as its verdict line only.
      expect(result.summary).toMatch(/^## ca-central-1$/m)
      expect(result.summary).not.toMatch(/^## us-east-1$/m)
      expect(result.summary).toMatch(/- \*\*us-east-1\*\*: no drift/)
      expect(await result.merger.project.read('reports/junit.xml')).toMatch(/failures="1"/)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a release gate on another working copy compares ca-central-1 with the nightly: same as the nightly, whose regression is open and named (exit 1)',
    async () => {
      const laptop = await freshRunner('2022-11-15', 'old')
      const gate = await runStep(laptop, { script: 'release-gate.sh' }, { REGION: 'ca-central-1' })
      expect(gate.code).toBe(1)
      expect(gate.stdout).toMatch(
        /Release gate: SAME AS THE NIGHTLY, WHICH HAS 1 OPEN FINDING — 1 step\(s\) as the nightly — open in the nightly and still here: \S+ \/ CreateLogGroup @ ca-central-1: denied \(.*\), a regression — vs replay nightly \S+ \(emulated \S+, \S+ old\)/,
      )
      expect(await readFile(laptop.summary, 'utf8')).toMatch(
        /^## Release gate: SAME AS THE NIGHTLY, WHICH HAS 1 OPEN FINDING/,
      )
      const bad = await runStep(laptop, { script: 'release-gate.sh' }, { REGION: 'mars-1' })
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(/unknown region\(s\): mars-1/)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'night 3 with the fixed policy: the drift clears and the issue closes',
    async () => {
      const result = await night(3, '2022-11-15', 'full')
      expect(result.merged.finish?.code).toBe(0)
      expect(result.merged.issue?.stdout).toMatch(/drift issue: close #1 \(the drift cleared\)/)
      expect(await issues()).toEqual([expect.objectContaining({ number: 1, state: 'CLOSED' })])
      expect(remoteFiles(repos.bare, 'harness-results').filter((f) => f.startsWith('runs/'))).toHaveLength(3)
    },
    E2E_TIMEOUT_MS,
  )

  it("every workflow file passes GitHub's workflow parser (skipped, saying why, when it is not installed)", async (context) => {
    const validate = (...files: string[]) => runCli(['--import', 'tsx', VALIDATE, ...files])
    const all = await validate()
    if (/workflow validation skipped/.test(all.stdout)) {
      console.warn(all.stdout.trim())
      context.skip()
      return
    }
    expect(all.code).toBe(0)
    expect(all.stdout).toMatch(/✓ .*nightly\.yml\n/)
    expect(all.stdout).toMatch(/✓ .*release-gate\.yml\n/)
    const bad = path.join(root, 'bad.yml')
    await writeFile(bad, 'on: push\njobs:\n  a:\n    runs-on: x\n    bogus: 1\n    steps:\n      - run: echo\n')
    const refused = await validate(bad)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/✗ .*bad\.yml \(Line: 5, Col: 5\): Unexpected value 'bogus'/)
  })
})
