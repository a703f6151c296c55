/**
 * Child processes a scenario starts with inherited stdout or stderr. A scenario thread's process.stdout is
 * not file descriptor 1, so such a child would write to the run's terminal directly: unlabelled, and past
 * the run's redaction of credentials. In a scenario thread those two descriptors become pipes instead, and
 * what comes out of them goes where the scenario's own prints go (scenario-output.ts): lines led by its
 * region and scenario, redacted by the run's output. The ChildProcess (or spawnSync result) the scenario
 * gets still has no stream (null) for a descriptor it asked to inherit. The child sees a pipe, not a
 * terminal; its stdin and any other descriptor are left as given.
 *
 * Why patch node:child_process: every asynchronous start (spawn, fork, exec, execFile) goes through
 * ChildProcess.prototype.spawn, but spawnSync, execSync and execFileSync call Node's internal binding
 * directly, so those three are wrapped one by one. syncBuiltinESMExports() makes `import { spawnSync }
 * from 'node:child_process'` see the wrappers too. Only this thread's copy of the module changes.
 */
import childProcess, { type ChildProcess, type SpawnSyncReturns } from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import { currentOutputLabel, type StreamName, writeAs } from './scenario-output.js'

type Descriptor = 1 | 2
/** The inherited descriptors now piped, each with the run's stream it stands for. */
type Routes = Array<[Descriptor, StreamName]>

/** The run's stream a child's descriptor `fd` writes to when `entry` inherits it; undefined when it does not. */
function inheritedStream(entry: unknown, fd: Descriptor): StreamName | undefined {
  if (entry === 'inherit') return fd === 1 ? 'stdout' : 'stderr'
  if (entry === 1 || entry === process.stdout) return 'stdout'
  if (entry === 2 || entry === process.stderr) return 'stderr'
  return undefined
}

/** `stdio` (spawn's option) with inherited stdout and stderr piped instead, and which those were. */
export function reroutedStdio(stdio: unknown): { stdio: unknown; routes: Routes } {
  const entries = typeof stdio === 'string' ? [stdio, stdio, stdio] : Array.isArray(stdio) ? [...stdio] : undefined
  const routes: Routes = []
  for (const fd of [1, 2] as const) {
    const stream = entries && inheritedStream(entries[fd], fd)
    if (!stream || !entries) continue
    entries[fd] = 'pipe'
    routes.push([fd, stream])
  }
  return { stdio: routes.length > 0 ? entries : stdio, routes }
}

type SpawnMethod = (this: ChildProcess, options: { stdio?: unknown }) => unknown
type SyncFunction = (...args: unknown[]) => unknown

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
    for (const [fd, stream] of routes) {
      this.stdio[fd]?.on('data', (chunk: Buffer) => writeAs(stream, label, chunk))
      hideDescriptor(this as unknown as Record<string, unknown> & { stdio: unknown[] }, fd)
    }
    return started
  }
  const module = childProcess as unknown as Record<string, SyncFunction>
  const spawnSync = withSyncOutput(module.spawnSync!)
  module.spawnSync = spawnSync
  module.execSync = execThrough(module.execSync!, spawnSync, (command, options) => [command, shellOptions(options)])
  module.execFileSync = execThrough(module.execFileSync!, spawnSync, (file, args, options) =>
    Array.isArray(args) ? [file, args, options] : [file, [], args],
  )
  syncBuiltinESMExports()
}

/** As inherited: the scenario's handle has no stream for the descriptor (ChildProcess or spawnSync result). */
function hideDescriptor(holder: Record<string, unknown> & { stdio?: unknown[]; output?: unknown[] }, fd: Descriptor) {
  const list = holder.stdio ?? holder.output
  if (list) list[fd] = null
  holder[fd === 1 ? 'stdout' : 'stderr'] = null
}

/** spawnSync with inherited stdout/stderr captured, then written as the scenario's prints. */
function withSyncOutput(spawnSync: SyncFunction): SyncFunction {
  return (...args: unknown[]) => {
    const at = Array.isArray(args[1]) ? 2 : 1
    const options = args[at] as { stdio?: unknown; maxBuffer?: number } | undefined
    const { stdio, routes } = reroutedStdio(options?.stdio)
    if (routes.length === 0) return spawnSync(...args)
    const label = currentOutputLabel()
    const rerouted = [...args]
    // Inherited output has no size limit; spawnSync's default one (1 MiB) would kill a chatty child.
    rerouted[at] = { ...options, stdio, maxBuffer: options?.maxBuffer ?? Number.POSITIVE_INFINITY }
    const result = spawnSync(...rerouted) as SpawnSyncReturns<Buffer | string>
    for (const [fd, stream] of routes) {
      const captured = result.output?.[fd]
      if (captured?.length) writeAs(stream, label, captured)
      hideDescriptor(result as unknown as Record<string, unknown>, fd)
    }
    return result
  }
}

/**
 * execSync and execFileSync with an inherited stdout or stderr: Node's own call spawnSync inside its module,
 * past the wrapper, so they are done as Node does them over the wrapped spawnSync (`spawnArgs` maps their
 * arguments to its): the child's stdout returned (null when inherited), and a failure thrown as Node
 * throws it ("Command failed: …", the child's stderr appended only when it was piped).
 */
function execThrough(
  original: SyncFunction,
  spawnSync: SyncFunction,
  spawnArgs: (...args: unknown[]) => unknown[],
): SyncFunction {
  return (...args: unknown[]) => {
    const options = args.find((arg, i) => i > 0 && !Array.isArray(arg)) as { stdio?: unknown } | undefined
    if (reroutedStdio(options?.stdio).routes.length === 0) return original(...args)
    const [file, ...rest] = spawnArgs(...args)
    const result = spawnSync(file, ...rest) as SpawnSyncReturns<Buffer | string>
    if (result.error) throw Object.assign(result.error, result)
    if (result.status !== 0) {
      const command =
        typeof args[0] === 'string' && !Array.isArray(rest[0]) ? args[0] : [file, ...(rest[0] as unknown[])].join(' ')
      const stderr = result.stderr?.length ? `\n${result.stderr.toString()}` : ''
      throw Object.assign(new Error(`Command failed: ${command}${stderr}`), result)
    }
    return result.stdout
  }
}

/** execSync's options as spawnSync takes them: a shell runs the command (Node's normalizeExecArgs). */
function shellOptions(options: unknown): unknown {
  const given = (options ?? {}) as { shell?: unknown }
  return { ...given, shell: typeof given.shell === 'string' ? given.shell : true }
}
