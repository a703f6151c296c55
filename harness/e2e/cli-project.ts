/**
 * End-to-end helpers: a throwaway project on disk and the CLI run in it against the embedded emulator.
 * `project.run` calls the CLI's `main(argv, io)` in the test process by default (the same argv parsing,
 * config loading, emulator, reports and exit code, without ~1 s of process start-up per run); a project
 * created with `{ process: true }`, `project.interrupt` and `runCli` use the REAL executable
 * (`node harness/cli/bin.mjs`, compiled dist/) instead, because signals and tsx's error texts exist
 * only there. A run given AWS_* variables (which the SDK reads from process.env) runs in-process with
 * its variables set in process.env for its duration, alone; while another in-process run is in flight
 * it runs as a real process instead. The emulator's resources and
 * call audit come back through HARNESS_EMULATOR_DUMP. In-process, a user TypeScript module is loaded
 * once per test process: a test that rewrites a config or scenario file between runs writes a new file
 * (or uses `{ process: true }`). Nothing here throws on a failing run: tests read code, output and files.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CI_VARIABLES } from '../cli/io.js'
import type { CallRecord, EmulatorResource } from '../emulator/core/state.js'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.join(REPO_ROOT, 'harness/cli/bin.mjs')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  dump?: EmulatorDump
}

/** What HARNESS_EMULATOR_DUMP writes: the emulator's live resources and call audit. */
export interface EmulatorDump {
  resources: EmulatorResource[]
  calls: CallRecord[]
}

export interface ProjectOptions {
  /** Run every `project.run` as a real `harness` process instead of in the test process. */
  process?: boolean
  /** The package.json "type": "module" (the default) or "commonjs", which `npm init` writes. */
  type?: 'module' | 'commonjs'
}

export interface Project {
  dir: string
  reportsDir: string
  write(file: string, content: string): Promise<string>
  run(args: string[], env?: Record<string, string>): Promise<CliResult>
  /** Like run() as a real process, sending SIGINT once stdout matches `when` (Ctrl-C in a terminal). */
  interrupt(args: string[], when: RegExp): Promise<CliResult>
  /**
   * Like run() in-process, aborting the run's signal once stdout matches `when`: what the CLI's SIGINT
   * handler does on Ctrl-C (runtime/interrupt.ts, tested there), without a process per test.
   */
  abortWhen(args: string[], when: RegExp): Promise<CliResult>
  files(under?: string): Promise<string[]>
  read(file: string): Promise<string>
  remove(): Promise<void>
}

/** A temp project whose node_modules resolves `harness` and the AWS SDK to this repository's. */
export async function createProject(
  files: Record<string, string> = {},
  options: ProjectOptions = {},
): Promise<Project> {
  const dir = await mkdtemp(path.join(tmpdir(), 'harness-e2e-'))
  const type = options.type ?? 'module'
  await writeFile(path.join(dir, 'package.json'), `{ "name": "e2e-project", "private": true, "type": "${type}" }\n`)
  await mkdir(path.join(dir, 'node_modules'))
  await symlink(REPO_ROOT, path.join(dir, 'node_modules', 'harness'), 'dir')
  await symlink(path.join(REPO_ROOT, 'node_modules', '@aws-sdk'), path.join(dir, 'node_modules', '@aws-sdk'), 'dir')
  let runs = 0
  const project: Project = {
    dir,
    reportsDir: path.join(dir, 'reports'),
    async write(file, content) {
      const full = path.join(dir, file)
      await mkdir(path.dirname(full), { recursive: true })
      await writeFile(full, content)
      return full
    },
    async run(args, env = {}) {
      const dumpFile = path.join(dir, `emulator-dump-${++runs}.json`)
      const runEnv = { HARNESS_EMULATOR_DUMP: dumpFile, ...env }
      const processEnv = needsProcessEnv(env)
      const result =
        options.process || processEnvSet || (processEnv && inProcessRuns > 0)
          ? await runCli(args, dir, runEnv)
          : processEnv
            ? await withProcessEnv(runEnv, () => runInProcess(args, dir, runEnv))
            : await runInProcess(args, dir, runEnv)
      if (existsSync(dumpFile)) result.dump = JSON.parse(await readFile(dumpFile, 'utf8')) as EmulatorDump
      return result
    },
    async interrupt(args, when) {
      const dumpFile = path.join(dir, `emulator-dump-${++runs}.json`)
      const result = await runCli(args, dir, { HARNESS_EMULATOR_DUMP: dumpFile }, when)
      if (existsSync(dumpFile)) result.dump = JSON.parse(await readFile(dumpFile, 'utf8')) as EmulatorDump
      return result
    },
    async abortWhen(args, when) {
      const dumpFile = path.join(dir, `emulator-dump-${++runs}.json`)
      const result = await runInProcess(args, dir, { HARNESS_EMULATOR_DUMP: dumpFile }, when)
      if (existsSync(dumpFile)) result.dump = JSON.parse(await readFile(dumpFile, 'utf8')) as EmulatorDump
      return result
    },
    async files(under = 'reports') {
      const root = path.join(dir, under)
      if (!existsSync(root)) return []
      const entries = await readdir(root, { recursive: true, withFileTypes: true })
      return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
    },
    read: (file) => readFile(path.isAbsolute(file) ? file : path.join(dir, file), 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
  for (const [file, content] of Object.entries(files)) await project.write(file, content)
  return project
}

/** The environment every CLI run gets: CI output style, no colour, no debug stacks. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Only CI says "in CI" here, whatever runner the suite runs on, so { CI: '' } is a laptop.
  const notCi = Object.fromEntries(CI_VARIABLES.map((name) => [name, '']))
  return { ...process.env, ...notCi, CI: 'true', NO_COLOR: '1', HARNESS_DEBUG: '', ...env }
}

/** The AWS SDK reads AWS_* from process.env, not from the CLI's io.env. */
function needsProcessEnv(env: Record<string, string>): boolean {
  return Object.keys(env).some((name) => name.startsWith('AWS_'))
}

/** In-process runs in flight, and whether one of them has its variables in process.env (it runs alone). */
let inProcessRuns = 0
let processEnvSet = false

/**
 * Sets `env` in process.env while `run` runs, as a process of its own would see it, then restores it.
 * Scenario threads copy process.env when they start and are reused only within one AWS environment
 * (runtime/contained/worker-pool.ts).
 */
async function withProcessEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const)
  Object.assign(process.env, env)
  processEnvSet = true
  try {
    return await run()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    processEnvSet = false
  }
}

/**
 * `harness <args>` through the CLI's own entry point in this process: same exit code, stdout and stderr.
 * With `abortWhen`, the run's signal is aborted once stdout matches it (as SIGINT would, a moment later).
 */
export async function runInProcess(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  abortWhen?: RegExp,
): Promise<CliResult> {
  const { main } = await import('../cli/main.js')
  inProcessRuns++
  const controller = new AbortController()
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: {
      write: (text: string) => {
        stdout += text
        if (abortWhen && !controller.signal.aborted && abortWhen.test(stdout)) setImmediate(() => controller.abort())
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: cliEnv(env),
    cwd,
  }
  try {
    const code = await main(args, io, controller.signal)
    return { code, stdout, stderr }
  } finally {
    inProcessRuns--
  }
}

/** `harness <args>` as a real process of the compiled executable. */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  interruptWhen?: RegExp,
): Promise<CliResult> {
  return runExecutable(BIN, args, cwd, env, interruptWhen)
}

/** `bin <args>` as a real process: this repository's executable, or a copy installed in a project. */
export function runExecutable(
  bin: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  interruptWhen?: RegExp,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let interrupted = false
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (interruptWhen && !interrupted && interruptWhen.test(stdout)) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A config using the repository's shipped scenarios and minimal policy, fast simulated time. */
export function shippedConfig(extra: Record<string, unknown> = {}): string {
  const config = {
    scenarios: path.join(REPO_ROOT, 'scenarios/*.ts'),
    policy: path.join(REPO_ROOT, 'scenarios/minimal-policy.json'),
    emulator: { timeScale: 0.0005 },
    ...extra,
  }
  return `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config, null, 2)})\n`
}

/** Resources a run created and left behind (the vended account's own OrganizationAccountAccessRole is AWS's). */
export function leftovers(dump: EmulatorDump | undefined): EmulatorDump['resources'] {
  return (dump?.resources ?? []).filter((r) => !(r.type === 'iam:role' && r.id === 'OrganizationAccountAccessRole'))
}

/** Each CLI run takes seconds (more on a loaded machine); hooks and tests that run several get room. */
export const E2E_TIMEOUT_MS = 240_000

/**
 * `--target aws` against a standalone emulator posing as AWS: its endpoint through AWS_ENDPOINT_URL,
 * its test keys, and nothing from the user's own AWS setup (profiles, config and credential files).
 */
export function awsEnvFor(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
}
