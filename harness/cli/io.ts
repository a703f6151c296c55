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

/** Plain lines for CI (CI=true) and non-TTY output; color only on a TTY without NO_COLOR. */
export function outputStyle(io: CliIo): { color: boolean; plain: boolean } {
  const ci = Boolean(io.env.CI && io.env.CI !== 'false' && io.env.CI !== '0')
  const tty = Boolean(io.stdout.isTTY)
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== ''
  return { color: tty && !ci && !noColor && io.env.FORCE_COLOR !== '0', plain: ci || !tty }
}
