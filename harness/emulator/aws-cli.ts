/**
 * Test support: drive the emulator with the AWS CLI (botocore), an independent client, when it is
 * installed. `awsCli(emu, ['logs', 'describe-log-groups'])` runs it against the emulator with the
 * admin test credentials and no user config; tests `describe.skipIf(!AWS_CLI_AVAILABLE)` and say so.
 * Where the CLI is a Python package (awscli v1), one Python process per test process runs every command
 * through the CLI's own driver (aws-cli-driver.py): starting Python and botocore per command cost about a
 * second each. Otherwise (e.g. the bundled v2) each command runs the `aws` executable.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { ADMIN_CREDENTIALS, type TestCredentials } from './testing.js'

const run = promisify(execFile)
const DRIVER = path.join(import.meta.dirname, 'aws-cli-driver.py')

/**
 * The Python interpreter that has the `aws` command's awscli package, if there is one. Found, not imported:
 * importing the CLI's driver to probe for it cost a third of a second of CPU in every test process.
 */
function findAwscliPython(): string | undefined {
  const probeScript =
    'import sys, importlib.util; print(sys.executable if importlib.util.find_spec("awscli.clidriver") else "")'
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-c', probeScript], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    if (probe.status === 0 && probe.stdout.trim() !== '') return probe.stdout.trim()
  }
  return undefined
}

const detectAwsExecutable = (): boolean =>
  spawnSync('aws', ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0

/** Also the interpreter for other botocore-driven tests: awscli brings botocore. */
export const AWSCLI_PYTHON = findAwscliPython()
export const AWS_CLI_AVAILABLE = AWSCLI_PYTHON !== undefined || detectAwsExecutable()

if (!AWS_CLI_AVAILABLE) {
  process.stderr.write('aws CLI not found: botocore conformance tests are skipped (install awscli to run them)\n')
}

export interface AwsCliResult {
  exitCode: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON when it is JSON. */
  json?: any
}

/** Async on purpose: the emulator answers from this same process, so a blocking call would deadlock. */
export async function awsCli(
  emu: { endpoint: string },
  args: string[],
  options: { region?: string; credentials?: TestCredentials } = {},
): Promise<AwsCliResult> {
  const credentials = options.credentials ?? ADMIN_CREDENTIALS
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  }
  const argv = ['--endpoint-url', emu.endpoint, '--region', options.region ?? 'us-east-1', '--output', 'json', ...args]
  const result = AWSCLI_PYTHON ? await viaDriver(AWSCLI_PYTHON, argv, env) : await viaExecutable(argv, env)
  return result.exitCode === 0 ? { ...result, json: parseJson(result.stdout) } : result
}

async function viaExecutable(argv: string[], env: Record<string, string>): Promise<AwsCliResult> {
  try {
    const { stdout, stderr } = await run('aws', argv, { env, timeout: 60_000 })
    return { exitCode: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    }
  }
}

interface Driver {
  child: ChildProcessWithoutNullStreams
  answers: AsyncIterator<string>
  /** Commands run one at a time: each answer is the next line. */
  queue: Promise<unknown>
}
let driver: Driver | undefined

function startDriver(python: string): Driver {
  const child = spawn(python, [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.on('exit', () => {
    if (driver?.child === child) driver = undefined
  })
  // The driver never keeps a test process alive.
  child.unref()
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?(): void }).unref?.()
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const started: Driver = { child, answers, queue: Promise.resolve() }
  started.child.once('exit', (code) => {
    if (code !== 0 && stderr) process.stderr.write(`aws-cli-driver.py exited ${code}: ${stderr.slice(-2000)}\n`)
  })
  return started
}

function viaDriver(python: string, argv: string[], env: Record<string, string>): Promise<AwsCliResult> {
  driver ??= startDriver(python)
  const current = driver
  const answer = current.queue.then(async () => {
    current.child.stdin.write(`${JSON.stringify({ argv, env })}\n`)
    const line = await current.answers.next()
    if (line.done) throw new Error('aws-cli-driver.py ended before answering')
    return JSON.parse(line.value) as AwsCliResult
  })
  current.queue = answer.catch(() => undefined)
  return answer
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}
