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

/**
 * Plain lines for CI (CI=true) and non-TTY output; color only on a TTY without NO_COLOR. Plain output also
 * gets the slower "still waiting" heartbeat (see heartbeatIntervalMs).
 */
export function outputStyle(io: CliIo): { color: boolean; plain: boolean } {
  const ci = Boolean(io.env.CI && io.env.CI !== 'false' && io.env.CI !== '0')
  const tty = Boolean(io.stdout.isTTY)
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== ''
  return { color: tty && !ci && !noColor && io.env.FORCE_COLOR !== '0', plain: ci || !tty }
}

/** How often long waits say they are still waiting: every 10 s on an interactive terminal, 30 s in CI or a pipe. */
export function heartbeatIntervalMs(io: CliIo): number {
  return outputStyle(io).plain ? HEARTBEAT_INTERVAL_MS : TTY_HEARTBEAT_INTERVAL_MS
}
