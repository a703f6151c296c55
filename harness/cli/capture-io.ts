/** Test support: a CliIo that keeps what a command writes, for tests that call a command's main(). */
import type { CliIo } from './io.js'

export type CapturedIo = CliIo & { out: () => string; err: () => string }

export function captureIo(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CapturedIo {
  let out = ''
  let err = ''
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  }
}
