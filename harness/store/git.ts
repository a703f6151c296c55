/**
 * The `git` command line, run with execFile (no shell, so nothing in a remote or branch is interpreted).
 * Hand-written on purpose: package.json has no git library, and the git CLI is what CI runners and
 * laptops already have, with the user's credential helpers and SSH keys configured for it.
 */
import { execFile } from 'node:child_process'
import { redactUrl } from '../config/history-location.js'
import { HarnessError } from '../errors.js'

export class HistoryStoreError extends HarnessError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HISTORY_STORE_FAILED', message, options)
    this.name = 'HistoryStoreError'
  }
}

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

/** Never prompt for a password in CI: fail at once and say so. */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C' }

/** Runs git; resolves with the exit code (spawn failures, e.g. git not installed, throw). */
export function git(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const spawnError = error as (NodeJS.ErrnoException & { code?: unknown }) | null
        if (spawnError && typeof spawnError.code === 'string') {
          reject(
            new HistoryStoreError(`cannot run git (${spawnError.code}): the git history store needs git installed`, {
              cause: error,
            }),
          )
          return
        }
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

/** Runs git and throws a HistoryStoreError naming what failed, with git's own first lines (URLs redacted). */
export async function gitOk(args: readonly string[], cwd: string, what: string): Promise<string> {
  const result = await git(args, cwd)
  if (result.code !== 0) throw new HistoryStoreError(`${what} failed: ${gitMessage(result)}`)
  return result.stdout
}

export function gitMessage(result: GitResult): string {
  const all = (result.stderr || result.stdout)
    .trim()
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(Boolean)
  // A hook or a protected branch says why in "remote:" lines, before git's own last lines.
  const remote = all.filter((line) => line.startsWith('remote:')).slice(0, 3)
  const lines = [...remote, ...all.slice(-3).filter((line) => !remote.includes(line))]
  return redactUrl(lines.join(' / ') || `git exited ${result.code}`)
}
