/**
 * Cold start of the compiled CLI, each in a new Node process: `harness --version` until exit, and
 * `harness emulator start --port 0` until it prints its endpoint (ready to serve). Median of 5, wall
 * time and the process's own CPU time (what it costs on an idle core: on a shared machine the wall
 * time mostly measures the queue for a core), next to the same figures for `node -e 0`.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { childrenCpuSeconds, processCpuSeconds } from './server-process.js'

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

interface Timing {
  wallMs: number
  cpuMs?: number
}

/** From spawn until the process exits, or until its stdout matches `ready` (then it is stopped). */
function timeProcess(args: string[], ready?: RegExp): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const reapedBefore = childrenCpuSeconds()
    const started = performance.now()
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    let atReady: Timing | undefined
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (ready && atReady === undefined && ready.test(out)) {
        const cpu = processCpuSeconds(child.pid!)
        atReady = { wallMs: performance.now() - started, ...(cpu === undefined ? {} : { cpuMs: cpu * 1000 }) }
        child.kill('SIGTERM')
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (ready) return atReady ? resolve(atReady) : reject(new Error(`never ready (exit ${code}): ${out}`))
      const reapedAfter = childrenCpuSeconds()
      const cpuMs =
        reapedBefore === undefined || reapedAfter === undefined ? undefined : (reapedAfter - reapedBefore) * 1000
      resolve({ wallMs: performance.now() - started, ...(cpuMs === undefined ? {} : { cpuMs }) })
    })
  })
}

async function medianOf(samples: number, args: string[], ready?: RegExp): Promise<Timing> {
  const timings: Timing[] = []
  for (let i = 0; i < samples; i++) timings.push(await timeProcess(args, ready))
  const cpu = timings.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]))
  return {
    wallMs: Number(median(timings.map((t) => t.wallMs)).toFixed(1)),
    ...(cpu.length === timings.length ? { cpuMs: Number(median(cpu).toFixed(1)) } : {}),
  }
}

export interface StartupResult {
  nodeBaseline: Timing
  version: Timing
  emulatorReady: Timing
}

export async function measureStartup(samples = 5): Promise<StartupResult> {
  await timeProcess([BIN, '--version']) // warms the file system cache, as a second use would
  return {
    nodeBaseline: await medianOf(samples, ['-e', '0']),
    version: await medianOf(samples, [BIN, '--version']),
    emulatorReady: await medianOf(samples, [BIN, 'emulator', 'start', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+/),
  }
}
