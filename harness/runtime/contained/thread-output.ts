/**
 * What a scenario prints reaches the run's output line by line, each line led by the region and scenario
 * its thread is running (run-contained.ts says which): with regions side by side, a bare line said
 * nothing of where it came from. Whole lines also reach the output's redaction (cli/io.ts) at once, so a
 * secret a scenario writes a character at a time is seen whole. What a thread prints while it loads the
 * scenario files, before any run, keeps no label.
 */
import type { Worker } from 'node:worker_threads'

interface Relay {
  label?: string
  /** The unfinished last line of each stream, held until its newline, the scenario's end or the thread's. */
  partial: { stdout: string; stderr: string }
}

const relays = new WeakMap<Worker, Relay>()

/** For a thread started with `stdout: true, stderr: true`: its output is written to this process's, by lines. */
export function relayThreadOutput(worker: Worker): void {
  const relay: Relay = { partial: { stdout: '', stderr: '' } }
  relays.set(worker, relay)
  for (const name of ['stdout', 'stderr'] as const) {
    const from = worker[name]
    from.setEncoding('utf8')
    from.on('data', (chunk: string) => {
      const lines = (relay.partial[name] + chunk).split('\n')
      relay.partial[name] = lines.pop() ?? ''
      if (lines.length > 0) process[name].write(lines.map((line) => `${lead(relay)}${line}\n`).join(''))
    })
    from.on('end', () => flushStream(relay, name))
  }
}

/** The region and scenario the thread runs from now on; undefined once it is done. Held lines go out first. */
export function labelThreadOutput(worker: Worker, label: string | undefined): void {
  const relay = relays.get(worker)
  if (!relay) return
  flushThreadOutput(worker)
  relay.label = label
}

/** Writes a line the scenario left unfinished (its last `process.stdout.write` without a newline). */
export function flushThreadOutput(worker: Worker): void {
  const relay = relays.get(worker)
  if (!relay) return
  flushStream(relay, 'stdout')
  flushStream(relay, 'stderr')
}

function flushStream(relay: Relay, name: 'stdout' | 'stderr'): void {
  if (!relay.partial[name]) return
  process[name].write(`${lead(relay)}${relay.partial[name]}\n`)
  relay.partial[name] = ''
}

const lead = (relay: Relay): string => (relay.label ? `${relay.label} | ` : '')
