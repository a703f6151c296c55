/** `harness <args>` as a real process, SIGKILLed `delayMs` after its stdout first matches `when` (crash rehearsals). */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from './cli-project.js'

export interface KillOptions {
  cwd: string
  args: string[]
  env: Record<string, string>
  when: RegExp
  delayMs: number
}

/** Resolves with everything the process printed before it died. */
export function runUntilKilled({ cwd, args, env, when, delayMs }: KillOptions): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'harness/cli/bin.mjs'), ...args], {
      cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    let stdout = ''
    let armed = false
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!armed && when.test(stdout)) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
    })
    child.on('error', () => resolve(stdout))
    child.on('close', () => resolve(stdout))
  })
}
