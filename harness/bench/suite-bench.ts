/**
 * The whole test suite as CI runs it (`npx vitest run`): wall time and the CPU time of the whole
 * process tree (vitest and its workers, read from this process's reaped-children counters).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { childrenCpuSeconds } from './server-process.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface SuiteResult {
  wallSeconds: number
  cpuSeconds?: number
  passed: boolean
  /** vitest's own summary lines ("Test Files …", "Tests …"). */
  summary: string
}

export function measureSuite(): Promise<SuiteResult> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuSeconds()
    const started = performance.now()
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(1))
      const cpuAfter = childrenCpuSeconds()
      const summary = out
        .split('\n')
        .filter((line) => /^\s*(Test Files|Tests)\s/.test(line))
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .join('; ')
      resolve({
        wallSeconds,
        ...(cpuBefore === undefined || cpuAfter === undefined
          ? {}
          : { cpuSeconds: Number((cpuAfter - cpuBefore).toFixed(1)) }),
        passed: code === 0,
        summary,
      })
    })
  })
}
