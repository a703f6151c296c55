/**
 * The scenario thread's side of what scenarios print (console.log, process.stdout.write, …): sent to the
 * orchestrator as whole lines, each led by the region and scenario that printed it, in messages on the
 * thread's port (worker-pool.ts writes them out). Why each part:
 * - the label comes from the scenario's async context (AsyncLocalStorage), not from which scenario the
 *   thread runs now: a timer a scenario left behind prints under its own name while the next one runs;
 * - whole lines: a secret written a character at a time reaches the output's redaction in one piece;
 * - the port, not the thread's stdout stream: that stream hands a chunk over only when the main thread
 *   asks for more, so what a busy-looping scenario printed was lost with its thread, and lines arrived
 *   after the step results posted after them. Messages arrive in the order they were posted.
 * A child process's inherited stdout and stderr come here too (child-output.ts), each child's lines kept
 * apart; writes by native code do not (README: Security).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { StringDecoder } from 'node:string_decoder'

export type StreamName = 'stdout' | 'stderr'
/**
 * What goes to the orchestrator: whole lines of one source (`key`: a stream, label and child), and text
 * added to that source's unfinished line. The orchestrator keeps the latter until the lines that finish
 * it arrive, and writes it out, whole, if the thread ends first (terminated in a busy loop or a blocking
 * wait): nothing a scenario printed is lost with its thread, and redaction still sees the line in one piece.
 */
export interface OutputPort {
  lines(stream: StreamName, key: string, text: string): void
  unfinished(stream: StreamName, key: string, lead: string, added: string): void
}

const labels = new AsyncLocalStorage<string>()
/** Per stream and label, the line not finished yet. */
const unfinished = new Map<string, string>()
/** Per stream and label, the bytes of a character split across two Buffer writes (a piped child's output). */
const decoders = new Map<string, StringDecoder>()
/** A longer line goes out in pieces: a scenario printing progress dots without a newline stays bounded. */
const MAX_LINE_CHARS = 64 * 1024
let port: OutputPort | undefined

/** Everything `run` and what it starts (timers, promises, cleanups) prints is led by `label`. */
export function withOutputLabel<T>(label: string, run: () => T): T {
  return labels.run(label, run)
}

/** The label of the scenario whose async context this is ('' outside any). */
export const currentOutputLabel = (): string => labels.getStore() ?? ''

/** What one child process writes to `name` (child-output.ts), as lines led by `label`. */
export interface ChildOutput {
  write(chunk: Uint8Array): void
  /** The child's descriptor closed: its unfinished line goes out (it never joins the scenario's own). */
  end(): void
}

let children = 0

/** A child process's piped output, as the scenario labelled `label` prints: its lines kept apart from others'. */
export function childOutput(name: StreamName, label: string): ChildOutput {
  children += 1
  const key = keyOf(name, label, `child ${children}`)
  return {
    write: (chunk) => take(name, label, textOf(key, chunk, undefined), key),
    end: () => flushKey(name, label, key),
  }
}

/** Takes over this thread's process.stdout and process.stderr writes; `to` receives them (OutputPort). */
export function routeOutput(to: OutputPort): void {
  port = to
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name]
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback
      const label = currentOutputLabel()
      take(name, label, textOf(keyOf(name, label), chunk, encoding))
      if (typeof done === 'function') process.nextTick(done as () => void)
      return true
    }) as typeof stream.write
  }
}

/** The scenario labelled `label` is over: its unfinished lines go out as they are. */
export function flushOutput(label: string): void {
  for (const name of ['stdout', 'stderr'] as const) flushKey(name, label, keyOf(name, label))
}

function flushKey(name: StreamName, label: string, key: string): void {
  const rest = `${unfinished.get(key) ?? ''}${decoders.get(key)?.end() ?? ''}`
  unfinished.delete(key)
  decoders.delete(key)
  if (rest) port?.lines(name, key, `${lead(label)}${rest}\n`)
}

/** What a write adds, as stream.write reads its arguments: a string in its encoding, bytes as UTF-8. */
function textOf(key: string, chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') {
    const named = typeof encoding === 'string' && encoding !== 'buffer' && Buffer.isEncoding(encoding)
    return named && !/^utf-?8$/i.test(encoding) ? Buffer.from(chunk, encoding).toString('utf8') : chunk
  }
  let decoder = decoders.get(key)
  if (!decoder) {
    decoder = new StringDecoder('utf8')
    decoders.set(key, decoder)
  }
  return decoder.write(Buffer.from(chunk as Uint8Array))
}

/** Only the new text is split: a line written a character at a time costs each character once. */
function take(name: StreamName, label: string, text: string, key = keyOf(name, label)): void {
  const held = unfinished.get(key) ?? ''
  const lastNewline = text.lastIndexOf('\n')
  const lines = lastNewline === -1 ? [] : `${held}${text.slice(0, lastNewline)}`.split('\n')
  let rest = lastNewline === -1 ? `${held}${text}` : text.slice(lastNewline + 1)
  while (rest.length > MAX_LINE_CHARS) {
    lines.push(rest.slice(0, MAX_LINE_CHARS))
    rest = rest.slice(MAX_LINE_CHARS)
  }
  if (rest) unfinished.set(key, rest)
  else unfinished.delete(key)
  if (lines.length > 0) port?.lines(name, key, lines.map((line) => `${lead(label)}${line}\n`).join(''))
  // The orchestrator's copy of the unfinished line: what these lines left of it, or what this write added.
  const added = lines.length > 0 ? rest : text
  if (added) port?.unfinished(name, key, lead(label), added)
}

const keyOf = (name: StreamName, label: string, source = '') => `${name} ${label} ${source}`
const lead = (label: string) => (label ? `${label} | ` : '')
