/**
 * Child processes a scenario starts with inherited stdout or stderr. A scenario thread's process.stdout is
 * not file descriptor 1, so such a child would write to the run's terminal directly: unlabelled, and past
 * the run's redaction of credentials. In a scenario thread every descriptor of a child that would be the
 * run's stdout or stderr (`'inherit'` at 1 and 2, the numbers 1 and 2, `{ fd: 1 }`, the thread's own
 * streams) becomes a pipe instead, and what comes out of it goes where the scenario's own prints go
 * (scenario-output.ts): lines led by its region and scenario, redacted by the run's output. The
 * ChildProcess (or spawnSync result) the scenario gets still has no stream (null) for such a descriptor.
 * The child sees a pipe, not a terminal; its stdin and any other descriptor are left as given.
 *
 * Why patch node:child_process: every asynchronous start (spawn, fork, exec, execFile) goes through
 * ChildProcess.prototype.spawn, but spawnSync, execSync and execFileSync call Node's internal binding
 * directly, so those three are wrapped one by one; a synchronous call's output comes out when it returns.
 * syncBuiltinESMExports() makes `import { spawnSync } from 'node:child_process'` see the wrappers too.
 * Only this thread's copy of the module changes.
 */
import childProcess, { type ChildProcess, type SpawnSyncReturns } from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import { childOutput, currentOutputLabel, type StreamName } from './scenario-output.js'

/** Each descriptor of the child now piped, with the run's stream it stood for. */
type Routes = Array<[number, StreamName]>

/** The run's stream descriptor `fd` of a child writes to when given `entry`; undefined when it is not one. */
function runStreamOf(entry: unknown, fd: number): StreamName | undefined {
  if (entry === 'inherit') return fd === 1 ? 'stdout' : fd === 2 ? 'stderr' : undefined
  if (entry === process.stdout) return 'stdout'
  if (entry === process.stderr) return 'stderr'
  const number = typeof entry === 'number' ? entry : (entry as { fd?: unknown } | null | undefined)?.fd
  return fd === 0 ? undefined : number === 1 ? 'stdout' : number === 2 ? 'stderr' : undefined
}

/** `stdio` (spawn's option) with every descriptor that is the run's stdout or stderr piped instead, and which those were. */
export function reroutedStdio(stdio: unknown): { stdio: unknown; routes: Routes } {
  const entries = typeof stdio === 'string' ? [stdio, stdio, stdio] : Array.isArray(stdio) ? [...stdio] : undefined
  const routes: Routes = []
  for (const [fd, entry] of (entries ?? []).entries()) {
    const stream = runStreamOf(entry, fd)
    if (!stream || !entries) continue
    entries[fd] = 'pipe'
    routes.push([fd, stream])
  }
  return { stdio: routes.length > 0 ? entries : stdio, routes }
}

type SpawnMethod = (this: ChildProcess, options: { stdio?: unknown }) => unknown
type AnyFunction = (...args: unknown[]) => unknown

let contained = false

/** From now on, in this thread, a child's inherited stdout and stderr reach the run as the scenario's prints. */
export function containChildOutput(): void {
  if (contained) return
  contained = true
  const prototype = childProcess.ChildProcess.prototype as unknown as { spawn: SpawnMethod }
  const spawn = prototype.spawn
  prototype.spawn = function (this: ChildProcess, options) {
    const { stdio, routes } = reroutedStdio(options?.stdio)
    if (routes.length === 0) return spawn.call(this, options)
    const label = currentOutputLabel()
    const started = spawn.call(this, { ...options, stdio })
    // Node returns early, with no stdio, when the child could not start (EMFILE, EAGAIN).
    if (!this.stdio) return started
    for (const [fd, stream] of routes) {
      const output = childOutput(stream, label)
      this.stdio[fd]?.on('data', (chunk: Buffer) => output.write(chunk)).on('close', () => output.end())
      hideDescriptor(this as unknown as Record<string, unknown>, this.stdio as unknown[], fd)
    }
    return started
  }
  const exported = childProcess as unknown as Record<string, AnyFunction>
  const spawnSync = withSyncOutput(exported.spawnSync!)
  exported.spawnSync = spawnSync
  // execSync(command, options); execFileSync(file, args, options), args optional.
  exported.execSync = execThrough(
    exported.execSync!,
    spawnSync,
    () => 1,
    ([command], options) => ({
      spawnArgs: [command, { ...(options as object), shell: shellOf(options) }],
      described: String(command),
    }),
  )
  exported.execFileSync = execThrough(
    exported.execFileSync!,
    spawnSync,
    (args) => optionsAt(args, 1),
    ([file, args], options) => {
      const list = Array.isArray(args) ? (args as unknown[]) : []
      const argv0 = (options as { argv0?: unknown } | undefined)?.argv0
      return { spawnArgs: [file, list, options], described: [argv0 || file, ...list].join(' ') }
    },
  )
  syncBuiltinESMExports()
}

/** As inherited: the scenario's handle has no stream for the descriptor (a ChildProcess or a spawnSync result). */
function hideDescriptor(holder: Record<string, unknown>, list: unknown[] | null | undefined, fd: number): void {
  if (list) list[fd] = null
  if (fd === 1) holder.stdout = null
  if (fd === 2) holder.stderr = null
}

/**
 * Where Node finds a sync call's options: after `args` when that is an array or left out (undefined or
 * null), else in its place (`spawnSync(file, options)`).
 */
function optionsAt(args: unknown[], argsAt: number): number {
  const given = args[argsAt]
  return Array.isArray(given) || given === undefined || given === null ? argsAt + 1 : argsAt
}

/** spawnSync with the run's stdout/stderr piped, captured, then written as the scenario's prints. */
function withSyncOutput(spawnSync: AnyFunction): AnyFunction {
  return (...args: unknown[]) => {
    const at = optionsAt(args, 1)
    const options = args[at] as { stdio?: unknown; encoding?: BufferEncoding } | undefined
    const { stdio, routes } = reroutedStdio(options?.stdio)
    if (routes.length === 0) return spawnSync(...args)
    const label = currentOutputLabel()
    const rerouted = [...args]
    // What the run's stdout/stderr took had no size limit: neither has the pipe standing in for it (nor,
    // with it, the descriptors the scenario piped itself: one limit covers the call's every pipe).
    rerouted[at] = { ...options, stdio, maxBuffer: Number.POSITIVE_INFINITY }
    const result = spawnSync(...rerouted) as SpawnSyncReturns<Buffer | string>
    for (const [fd, stream] of routes) {
      const captured = result.output?.[fd]
      // `encoding` turned the child's bytes into text; back to the bytes it wrote.
      const bytes = typeof captured === 'string' ? Buffer.from(captured, options?.encoding) : captured
      const output = childOutput(stream, label)
      if (bytes?.length) output.write(bytes)
      output.end()
      hideDescriptor(result as unknown as Record<string, unknown>, result.output, fd)
    }
    return result
  }
}

/**
 * execSync and execFileSync with the run's stdout or stderr among their descriptors: Node's own call
 * spawnSync inside its module, past the wrapper, so they are done as Node does them over the wrapped one
 * (`plan` maps their arguments to its, and names the command as Node's error does): the child's stdout
 * returned (null where inherited), a failure thrown as "Command failed: <command>" plus its stderr only
 * where that was piped to the scenario.
 */
function execThrough(
  original: AnyFunction,
  spawnSync: AnyFunction,
  optionsIndex: (args: unknown[]) => number,
  plan: (args: unknown[], options: unknown) => { spawnArgs: unknown[]; described: string },
): AnyFunction {
  return (...args: unknown[]) => {
    const options = args[optionsIndex(args)] as { stdio?: unknown } | undefined
    if (reroutedStdio(options?.stdio).routes.length === 0) return original(...args)
    const { spawnArgs, described } = plan(args, options)
    const result = spawnSync(...spawnArgs) as SpawnSyncReturns<Buffer | string>
    if (result.error) throw Object.assign(result.error, result)
    if (result.status !== 0) {
      const stderr = result.stderr?.length ? `\n${result.stderr.toString()}` : ''
      throw Object.assign(new Error(`Command failed: ${described}${stderr}`), result)
    }
    return result.stdout
  }
}

/** The shell execSync runs its command in (Node's normalizeExecArgs): the one given, else the default. */
function shellOf(options: unknown): unknown {
  const shell = (options as { shell?: unknown } | undefined)?.shell
  return typeof shell === 'string' ? shell : true
}
