/**
 * A server under test in its own process (the emulator via the compiled CLI, or moto_server), so its
 * CPU time and memory are read from that process alone (Linux /proc), never mixed with the client's.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))

export interface ServerProcess {
  name: string
  port: number
  pid: number
  /** CPU seconds (user + system) the server process has used so far; undefined without /proc. */
  cpuSeconds(): number | undefined
  /** Resident set size in MiB; undefined without /proc. */
  rssMiB(): number | undefined
  stop(): Promise<void>
}

let ticksPerSecond: number | undefined
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  return ticksPerSecond
}

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name). */
export function processCpuSeconds(pid: number | 'self'): number | undefined {
  const file = `/proc/${pid}/stat`
  if (!existsSync(file)) return undefined
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / clockTicks()
}

/** CPU seconds of this process's reaped children (cutime + cstime): a finished child process tree. */
export function childrenCpuSeconds(): number | undefined {
  const file = '/proc/self/stat'
  if (!existsSync(file)) return undefined
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[13]) + Number(fields[14])) / clockTicks()
}

function rssMiB(pid: number): number | undefined {
  const file = `/proc/${pid}/status`
  if (!existsSync(file)) return undefined
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(file, 'utf8'))?.[1]
  return kb === undefined ? undefined : Number(kb) / 1024
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitUntilServing(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before serving`)
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${name} did not serve on port ${port} within 30 s`)
}

async function startProcess(name: string, command: string, args: string[], port: number): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: 'ignore' })
  await waitUntilServing(port, child, name)
  const pid = child.pid!
  return {
    name,
    port,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    rssMiB: () => rssMiB(pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * Node options for the emulator's process only (BENCH_EMULATOR_NODE_FLAGS, space-separated), to see
 * where its time and memory go under the bench's load, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
 * `--heap-prof` (written when the bench stops the server; its output is not shown). Empty by default.
 */
function emulatorNodeFlags(): string[] {
  return (process.env.BENCH_EMULATOR_NODE_FLAGS ?? '').split(' ').filter((flag) => flag.length > 0)
}

/** `harness emulator start` (compiled dist/) with the default audit window unless given. */
export async function startEmulatorProcess(extraArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort()
  return startProcess(
    'harness emulator',
    process.execPath,
    [...emulatorNodeFlags(), BIN, 'emulator', 'start', '--port', String(port), ...extraArgs],
    port,
  )
}

/** Whether `moto_server` is on the PATH. */
export function motoInstalled(): boolean {
  try {
    execFileSync('moto_server', ['--help'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export async function startMotoProcess(): Promise<ServerProcess> {
  const port = await freePort()
  return startProcess('moto_server', 'moto_server', ['-p', String(port)], port)
}
