/**
 * The whole test suite as CI runs it (`npx vitest run`): wall time, the CPU time of the whole process
 * tree, and the longest test files. CPU is vitest's own plus what it reaped (this process's children
 * counters), plus the processes that left the tree unreaped: a process ended without being waited for
 * is handed to init and its CPU never reaches our counters (vitest's `forks` pool once ended its
 * workers that way: the bench reported 48 s of CPU for a suite that used over 300 s). Those are
 * followed by sampling /proc, so the worker processes (vitest.config.ts) count whichever way they end.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { childrenCpuSeconds } from './server-process.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SAMPLE_EVERY_MS = 100

export interface SuiteResult {
  wallSeconds: number
  cpuSeconds?: number
  passed: boolean
  /** vitest's own summary lines ("Test Files …", "Tests …"). */
  summary: string
  /** The longest test files, longest first: "harness/e2e/verdicts.test.ts 21.3 s". */
  longestFiles: string[]
  /** The end of vitest's output when the suite did not pass: what failed. */
  failure?: string
  /** The CPU gauge's seconds just before and just after the suite: how fast the cores were meanwhile. */
  gauge?: { before: number; after: number }
}

/** The gauge's work: a fixed CPU-bound loop (2.3 s on the 2-core machine this repository is benched on, when quiet). */
const GAUGE_SCRIPT = 'let x = 0; for (let i = 0; i < 3e8; i++) x += i'

/**
 * The wall time of a fixed CPU-bound loop in a new Node process. The suite is CPU-bound, so on a shared
 * machine its wall time follows how fast the cores are at the moment; this says how fast they were.
 */
export function cpuGaugeSeconds(): number {
  const started = performance.now()
  execFileSync(process.execPath, ['-e', GAUGE_SCRIPT])
  return Number(((performance.now() - started) / 1000).toFixed(2))
}

export async function measureSuite(): Promise<SuiteResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'harness-suite-bench-'))
  const json = path.join(dir, 'vitest.json')
  try {
    const before = cpuGaugeSeconds()
    const run = await runVitest(['--reporter=default', '--reporter=json', `--outputFile.json=${json}`])
    const gauge = { before, after: cpuGaugeSeconds() }
    if (run.failure) process.stderr.write(`test suite failed; the end of its output:\n${run.failure}\n`)
    return { ...run, longestFiles: await longestFiles(json), gauge }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function runVitest(args: string[]): Promise<Omit<SuiteResult, 'longestFiles'>> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuSeconds()
    const started = performance.now()
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const tree = child.pid === undefined ? undefined : new ProcessTree(child.pid)
    const sampler = setInterval(() => tree?.sample(), SAMPLE_EVERY_MS)
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    child.on('error', (error) => {
      clearInterval(sampler)
      reject(error)
    })
    child.on('close', (code) => {
      clearInterval(sampler)
      const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(1))
      const cpuAfter = childrenCpuSeconds()
      const summary = out
        .split('\n')
        .filter((line) => /^\s*(Test Files|Tests)\s/.test(line))
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .join('; ')
      const reaped = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
      const cpuSeconds = reaped === undefined ? undefined : reaped + (tree?.orphanedCpuSeconds() ?? 0)
      resolve({
        wallSeconds,
        ...(cpuSeconds === undefined ? {} : { cpuSeconds: Number(cpuSeconds.toFixed(1)) }),
        passed: code === 0,
        summary,
        ...(code === 0 ? {} : { failure: out.split('\n').slice(-40).join('\n') }),
      })
    })
  })
}

async function longestFiles(json: string, count = 8): Promise<string[]> {
  if (!existsSync(json)) return []
  const report = JSON.parse(await readFile(json, 'utf8')) as {
    testResults: Array<{ name: string; startTime: number; endTime: number }>
  }
  return report.testResults
    .map((file) => ({ name: path.relative(ROOT, file.name), seconds: (file.endTime - file.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((file) => `${file.name} ${file.seconds.toFixed(1)} s`)
}

interface Sampled {
  parent: number
  /** utime + stime, and cutime + cstime (what it reaped), in clock ticks. */
  own: number
  reaped: number
}

/**
 * Every process that descends from the root, as last seen in /proc. A descendant whose parent is no
 * longer in the tree was orphaned: its CPU (own and reaped) reaches no counter of ours, so it is added.
 */
class ProcessTree {
  private readonly seen = new Map<number, Sampled>()
  private readonly ticks = clockTicks()

  constructor(private readonly root: number) {}

  sample(): void {
    const stats = readAllStats()
    const members = new Set([this.root, ...this.seen.keys()])
    let grew = true
    while (grew) {
      grew = false
      for (const [pid, stat] of stats)
        if (!members.has(pid) && members.has(stat.parent)) {
          members.add(pid)
          grew = true
        }
    }
    for (const pid of members) {
      const stat = stats.get(pid)
      if (stat && pid !== this.root) this.seen.set(pid, stat)
    }
  }

  orphanedCpuSeconds(): number {
    let ticks = 0
    for (const [pid, stat] of this.seen)
      if (pid !== this.root && stat.parent !== this.root && !this.seen.has(stat.parent)) ticks += stat.own + stat.reaped
    return ticks / this.ticks
  }
}

function readAllStats(): Map<number, Sampled> {
  const stats = new Map<number, Sampled>()
  if (!existsSync('/proc')) return stats
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // After the parenthesised command name: state, ppid, … utime (12th), stime, cutime, cstime.
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')
      stats.set(Number(name), {
        parent: Number(fields[1]),
        own: Number(fields[11]) + Number(fields[12]),
        reaped: Number(fields[13]) + Number(fields[14]),
      })
    } catch {
      // The process ended between listing and reading.
    }
  }
  return stats
}

let ticksPerSecond: number | undefined
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  return ticksPerSecond
}
