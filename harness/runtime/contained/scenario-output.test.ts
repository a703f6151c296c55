/**
 * The scenario thread's output routing, in this thread: writes go to a collector instead of the port.
 * process.stdout.write is taken over for the test and restored after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flushOutput, routeOutput, withOutputLabel } from './scenario-output.js'

const sent: string[] = []
/** The orchestrator's copy of each source's unfinished line (worker-pool.ts keeps it the same way). */
const held = new Map<string, string>()
const originals = { stdout: process.stdout.write, stderr: process.stderr.write }
beforeAll(() =>
  routeOutput({
    lines: (stream, key, text) => {
      sent.push(`${stream}:${text}`)
      held.delete(key)
    },
    unfinished: (_stream, key, lead, added) => held.set(key, `${held.get(key) ?? lead}${added}`),
  }),
)
afterAll(() => {
  process.stdout.write = originals.stdout
  process.stderr.write = originals.stderr
})

describe('scenario output routing', () => {
  it('decodes what stream.write decodes: a string in its encoding, a character split across two Buffers', () => {
    sent.length = 0
    withOutputLabel('[r] s', () => {
      process.stdout.write('aGkK', 'base64')
      const euro = Buffer.from('€\n')
      process.stdout.write(euro.subarray(0, 1))
      process.stdout.write(euro.subarray(1))
    })
    expect(sent).toEqual(['stdout:[r] s | hi\n', 'stdout:[r] s | €\n'])
  })

  it('costs each character once when a line is written a character at a time, and bounds a line', () => {
    sent.length = 0
    withOutputLabel('[r] dots', () => {
      for (let i = 0; i < 200_000; i++) process.stdout.write('.')
    })
    flushOutput('[r] dots')
    const lines = sent.map((text) => text.replace('stdout:[r] dots | ', ''))
    // 64 Ki characters a line at most, nothing lost.
    expect(lines.map((line) => line.length - 1)).toEqual([65_536, 65_536, 65_536, 3_392])
  })

  it('keeps the orchestrator’s copy of each unfinished line: what it writes if the thread is terminated', () => {
    sent.length = 0
    held.clear()
    withOutputLabel('[r] a', () => {
      process.stdout.write('one ')
      process.stdout.write('two\nthr')
      process.stderr.write('err')
    })
    withOutputLabel('[r] b', () => process.stdout.write('b-part'))
    withOutputLabel('[r] a', () => process.stdout.write('ee'))
    expect(sent).toEqual(['stdout:[r] a | one two\n'])
    expect([...held.values()]).toEqual(['[r] a | three', '[r] a | err', '[r] b | b-part'])
    // Once the lines are finished (or flushed at the scenario's end), there is nothing left to write.
    withOutputLabel('[r] a', () => process.stdout.write('\n'))
    flushOutput('[r] a')
    flushOutput('[r] b')
    expect(held.size).toBe(0)
  })
})
