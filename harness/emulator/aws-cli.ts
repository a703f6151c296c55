/**
 * Test support: drive the emulator with the AWS CLI (botocore), an independent client, when it is
 * installed. `awsCli(emu, ['logs', 'describe-log-groups'])` runs it against the emulator with the
 * admin test credentials and no user config; tests `describe.skipIf(!AWS_CLI_AVAILABLE)` and say so.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { ADMIN_CREDENTIALS, type TestCredentials } from './testing.js'

const run = promisify(execFile)

function detectAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 30_000 })
    return true
  } catch {
    return false
  }
}

export const AWS_CLI_AVAILABLE = detectAwsCli()

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
  try {
    const { stdout, stderr } = await run('aws', argv, { env, timeout: 60_000 })
    return { exitCode: 0, stdout, stderr, json: parseJson(stdout) }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}
