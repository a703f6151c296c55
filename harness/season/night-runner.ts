/**
 * One night of the season: the real pipeline against the long-lived emulator, through the CLI entry
 * (`harness run`, which plans with the pool when the config says `accounts.strategy: 'pool'`). A
 * night runner is one function, so the season can be pointed at another executor unchanged.
 *
 * A killed night is a real `harness run` process sent SIGKILL after a random number of its output
 * lines: an in-process abort would run the run's `finally` blocks and cleanups, which a crash never
 * does, so only a process kill leaves the journal, the account and its resources exactly as a crash
 * would for the next night's pre-sweep to find.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../cli/main.js'

export interface Night {
  /** The throwaway project directory (harness.config.ts, reports/). */
  dir: string
  /** HARNESS_EMULATOR_ENDPOINT / HARNESS_EMULATOR_TOKEN of the season's emulator. */
  env: Record<string, string>
  args: string[]
}

export interface NightRun {
  code: number | null
  output: string
  killed: boolean
}

export type NightRunner = (night: Night) => Promise<NightRun>

const cliEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  CI: 'true',
  NO_COLOR: '1',
  HARNESS_DEBUG: '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...env,
})

/** `harness run` in this process: no process start-up per night. */
export const cliNightRunner: NightRunner = async (night) => {
  let output = ''
  const write = (text: string) => {
    output += text
    return true
  }
  const io = { stdout: { write }, stderr: { write }, env: cliEnv(night.env), cwd: night.dir }
  const code = await main(night.args, io, new AbortController().signal)
  return { code, output, killed: false }
}

/**
 * The `harness` executable (harness/cli/bin.mjs, running the compiled CLI that the bench and the tests' global
 * setup build first), found from this module in harness/season/ or dist/season/ alike. A process running the
 * TypeScript sources through tsx spent seconds of CPU transpiling the CLI before its first line.
 */
const PROCESS_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../harness/cli/bin.mjs')

/** `harness run` as a process, SIGKILLed once it has printed `afterLines` lines (or left alone if it ends first). */
export function killedNightRunner(afterLines: number): NightRunner {
  return (night) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [PROCESS_ENTRY, ...night.args], {
        cwd: night.dir,
        env: cliEnv(night.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      let killed = false
      const onData = (chunk: Buffer) => {
        output += chunk
        if (!killed && output.split('\n').length > afterLines) {
          killed = true
          child.kill('SIGKILL')
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.on('close', (code) => resolve({ code, output, killed }))
    })
}
