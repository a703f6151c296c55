import { describe, expect, it } from 'vitest'
import { createSignalHandler, type StopSignal } from './interrupt.js'

function handlerWithLog() {
  const log: string[] = []
  const handle = createSignalHandler({
    abort: () => log.push('abort'),
    exit: (code) => log.push(`exit ${code}`),
    warn: (text) => log.push(`warn ${text.trim()}`),
  })
  return { handle, log }
}

describe('createSignalHandler', () => {
  it.each<[StopSignal, string]>([
    ['SIGINT', 'Ctrl-C again'],
    ['SIGTERM', 'send SIGTERM again'],
  ])('Given a run, When %s arrives once, Then it warns and aborts without exiting', (signal, again) => {
    const { handle, log } = handlerWithLog()
    handle(signal)
    expect(log).toEqual([`warn harness: interrupted, cleaning up (${again} to exit now)…`, 'abort'])
  })

  it.each<[StopSignal, StopSignal]>([
    ['SIGINT', 'SIGINT'],
    ['SIGTERM', 'SIGTERM'],
    ['SIGINT', 'SIGTERM'],
    ['SIGTERM', 'SIGINT'],
  ])('Given %s was received, When %s arrives, Then it exits at once with 130', (first, second) => {
    const { handle, log } = handlerWithLog()
    handle(first)
    log.length = 0
    handle(second)
    expect(log).toEqual(['exit 130'])
  })
})
