/**
 * An independent client drives every emulated operation: botocore (the AWS CLI's library) reaches each
 * one and parses what comes back, a result or a modeled AWS error, never "unknown operation", an
 * internal error or an answer it cannot parse. A few end-to-end `aws` commands then succeed. Skipped,
 * saying so, when `aws` / botocore is not installed.
 */
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AWSCLI_PYTHON, awsCli } from '../aws-cli.js'
import { loadAllServices } from '../services/index.js'
import { deliverCloudTrail, withEmulator } from '../testing.js'

const PYTHON = findPython()
const DRIVER = path.join(import.meta.dirname, 'botocore-drive.py')
/** Answers that mean botocore could not drive the operation. */
const NOT_DRIVEN = new Set([
  'UnknownOperationException',
  'InvalidAction',
  'InternalFailure',
  'InternalError',
  'ServiceFailure',
])

/**
 * The Python the `aws` command runs with (it has botocore), or undefined when there is none: aws-cli.ts has
 * found the awscli package's interpreter already; only without one is another Python with botocore looked for.
 */
function findPython(): string | undefined {
  if (AWSCLI_PYTHON) return AWSCLI_PYTHON
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-c', 'import botocore, shutil; print(shutil.which("aws") or "")'], {
      encoding: 'utf8',
    })
    if (probe.status === 0 && probe.stdout.trim() !== '') return python
  }
  return undefined
}

const skipped = PYTHON ? '' : ' (SKIPPED: the AWS CLI `aws` with botocore is not installed)'

describe.skipIf(!PYTHON)(`the AWS CLI and botocore drive every emulated operation${skipped}`, () => {
  const emu = withEmulator({ date: '2025-01-01T00:00:00Z' })

  it('botocore reaches every operation of every service and parses the answer', async () => {
    const operations = [...(await loadAllServices()).values()].flatMap((service) =>
      Object.keys(service.operations).map((operation) => [botocoreName(service.signingName), operation]),
    )
    const input = JSON.stringify({ endpoint: emu.endpoint, region: 'us-east-1', operations })
    // Asynchronously: the emulator answers from this very process.
    const output = await runWithInput(PYTHON!, [DRIVER], input)
    const lines = output
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { service: string; operation: string; outcome: string; code?: string; status?: number },
      )
    expect(lines).toHaveLength(operations.length)
    const notDriven = lines.filter(
      (line) => line.outcome === 'client-failure' || NOT_DRIVEN.has(line.code ?? '') || (line.status ?? 0) >= 500,
    )
    expect(notDriven).toEqual([])
    // Reads need no parameters: those succeed outright (the rest answer a modeled validation error).
    const succeeded = lines.filter((line) => line.outcome === 'success').map((line) => line.operation)
    expect(succeeded).toEqual(
      expect.arrayContaining(['GetCallerIdentity', 'DescribeLogGroups', 'LookupEvents', 'DescribeRegions']),
    )
  })

  it("aws CLI commands succeed end to end: STS, Logs, CloudTrail (botocore's qualified X-Amz-Target), EC2, Organizations", async () => {
    // Through the CLI's own driver (one Python process for all of them, see aws-cli.ts), as `aws` runs it.
    const aws = async (...args: string[]) => {
      const result = await awsCli(emu, args)
      expect(result.exitCode, result.stderr).toBe(0)
      return result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)
    }
    expect((await aws('sts', 'get-caller-identity')).Account).toBe('111111111111')
    await aws('logs', 'create-log-group', '--log-group-name', 'from-the-cli')
    const groups = (await aws('logs', 'describe-log-groups')).logGroups as Array<{ logGroupName: string }>
    expect(groups.map((group) => group.logGroupName)).toContain('from-the-cli')
    // CloudTrail delivers minutes after the call (300 ms at the test time scale): without moving the
    // clock past that, a fast machine looks up before delivery and sees nothing.
    await deliverCloudTrail(emu)
    const events = await aws(
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=CreateLogGroup',
    )
    expect(events.Events.length).toBeGreaterThan(0)
    expect((await aws('ec2', 'describe-regions')).Regions.length).toBeGreaterThan(10)
    expect((await aws('organizations', 'describe-organization')).Organization.MasterAccountId).toBe('111111111111')
  })
})

/** botocore names a service by its model's folder, which differs from the signing name for a few. */
function botocoreName(signingName: string): string {
  const names: Record<string, string> = {
    tagging: 'resourcegroupstaggingapi',
    'api.ecr': 'ecr',
    monitoring: 'cloudwatch',
  }
  return names[signingName] ?? signingName
}

/** The emulator's keys, and nothing from the user's own AWS setup (profiles, session tokens). */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) delete env[name]
  return env
}

function runWithInput(command: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: cliEnv() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.slice(-2000)}`)),
    )
    child.stdin.end(input)
  })
}
