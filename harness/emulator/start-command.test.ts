import { describe, expect, it } from 'vitest'
import { emulatorStartCommand, parseStartArgs, resolveStartOptions } from './start-command.js'

function captureIo() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
    out,
    err,
  }
}

describe('harness emulator start arguments', () => {
  it('defaults to loopback port 4566', () => {
    const parsed = parseStartArgs([])
    expect(parsed.help).toBe(false)
    if (!parsed.help) expect(resolveStartOptions(parsed.flags)).toEqual({ host: '127.0.0.1', port: 4566 })
  })

  it('reads every flag in both --flag value and --flag=value forms', () => {
    const parsed = parseStartArgs([
      '--host=0.0.0.0',
      '--port',
      '0',
      '--date',
      '2024-01-01T00:00:00Z',
      '--time-scale=0.001',
    ])
    if (parsed.help) throw new Error('unexpected help')
    expect(resolveStartOptions(parsed.flags)).toEqual({
      host: '0.0.0.0',
      port: 0,
      date: new Date('2024-01-01T00:00:00Z'),
      timeScale: 0.001,
    })
  })

  it.each([
    { argv: ['--bogus'], message: 'Unknown flag --bogus' },
    { argv: ['--port'], message: 'Flag --port needs a value' },
    { argv: ['--port', 'http'], message: "--port must be an integer 0-65535, got 'http'" },
    { argv: ['--port', '70000'], message: '--port must be an integer 0-65535' },
    { argv: ['--date', 'soon'], message: "--date must be an ISO 8601 date, got 'soon'" },
    { argv: ['--time-scale', '0'], message: '--time-scale must be a positive number' },
    { argv: ['--timeline', '/nonexistent/timeline.json'], message: '--timeline: ' },
    { argv: ['--faults', '/nonexistent/faults.json'], message: '--faults: ' },
    { argv: ['start'], message: "Unexpected argument 'start'" },
  ])('exits 2 naming the problem for $argv', async ({ argv, message }) => {
    const { io, out, err } = captureIo()
    expect(await emulatorStartCommand(argv, io)).toBe(2)
    expect(err.join('')).toContain(message)
    expect(out).toEqual([])
  })

  it('prints help and exits 0', async () => {
    const { io, out } = captureIo()
    expect(await emulatorStartCommand(['--help'], io)).toBe(0)
    expect(out.join('')).toContain('Usage: harness emulator start')
  })

  it('prints one line with the endpoint, serves, and stops on SIGTERM with 0', async () => {
    const { io, out } = captureIo()
    const done = emulatorStartCommand(['--port', '0', '--time-scale', '0.001'], io)
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(out).toHaveLength(1)
    const endpoint = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out[0]!)?.[1]
    expect(endpoint).toBeDefined()
    const health = await fetch(`${endpoint}/_emulator/health`)
    expect(health.status).toBe(200)
    process.emit('SIGTERM', 'SIGTERM')
    expect(await done).toBe(0)
    await expect(fetch(`${endpoint}/_emulator/health`)).rejects.toThrow()
  })
})
