import { redactSecrets } from '../outcomes/redact.js'
import { HEARTBEAT_INTERVAL_MS, TTY_HEARTBEAT_INTERVAL_MS } from '../runtime/heartbeat.js'

/** What a command may touch of the process: streams, environment, working directory, TTY-ness. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown; isTTY?: boolean }
  env: NodeJS.ProcessEnv
  cwd: string
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}

type Writable = CliIo['stdout']

/** The same io whose every write passes through the redactor: no command can print a credential. */
export function redactingIo(io: CliIo): CliIo {
  return { ...io, stdout: redactingWriter(io.stdout), stderr: redactingWriter(io.stderr) }
}

function redactingWriter(stream: Writable): Writable {
  if (REDACTING in stream) return stream
  const writer: Writable = { isTTY: stream.isTTY, write: (text: string) => stream.write(redactSecrets(text)) }
  return Object.assign(writer, { [REDACTING]: true })
}

const REDACTING = Symbol('redacting')

type WriteFn = (chunk: unknown, ...rest: unknown[]) => boolean

/**
 * What reaches the process's stdout and stderr without going through CliIo (a scenario's console.log,
 * an SDK warning, the emulator's log lines) is redacted too. Pieces of a secret cut across two writes
 * are still caught: the redactor matches fragments.
 */
export function redactProcessOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (REDACTING in stream) continue
    const write = stream.write.bind(stream) as WriteFn
    const redacted: WriteFn = (chunk, ...rest) =>
      write(
        typeof chunk === 'string' || chunk instanceof Uint8Array ? redactSecrets(String(textOf(chunk))) : chunk,
        ...rest,
      )
    Object.assign(stream, { write: redacted, [REDACTING]: true })
  }
}

/**
 * A reader that goes away (`harness run | head`) makes the next write fail with EPIPE, emitted as an
 * 'error' event that would end the process mid-run, before cleanup deletes what the run created and
 * closes its account. The output is dropped instead and the command finishes; its exit code still says
 * how it went. Any other stream error ends the process as before.
 */
export function outliveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error
    })
  }
}

function textOf(chunk: string | Uint8Array): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
}

/**
 * Plain lines for CI (CI=true) and non-TTY output; color only on a TTY without NO_COLOR. Plain output also
 * gets the slower "still waiting" heartbeat (see heartbeatIntervalMs).
 */
export function outputStyle(io: CliIo): { color: boolean; plain: boolean } {
  const ci = inCi(io.env)
  const tty = Boolean(io.stdout.isTTY)
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== ''
  return { color: tty && !ci && !noColor && io.env.FORCE_COLOR !== '0', plain: ci || !tty }
}

/** Set by GitHub Actions, GitLab, CircleCI, Travis, Buildkite (CI), Jenkins, AWS CodeBuild and Azure Pipelines. */
export const CI_VARIABLES = ['CI', 'JENKINS_URL', 'CODEBUILD_BUILD_ID', 'TF_BUILD'] as const

/** Whether the environment is a CI job: one of CI_VARIABLES set to anything but an empty, false, 0, no or off. */
export function inCi(env: CliIo['env']): boolean {
  return CI_VARIABLES.some((name) => {
    const value = env[name]?.trim().toLowerCase()
    return Boolean(value) && !['false', '0', 'no', 'off'].includes(value!)
  })
}

/** How often long waits say they are still waiting: every 10 s on an interactive terminal, 30 s in CI or a pipe. */
export function heartbeatIntervalMs(io: CliIo): number {
  return outputStyle(io).plain ? HEARTBEAT_INTERVAL_MS : TTY_HEARTBEAT_INTERVAL_MS
}
