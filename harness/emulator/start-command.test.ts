import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
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

  it('reads the realism knobs as real-AWS durations: seconds, and ms for --latency', () => {
    const parsed = parseStartArgs([
      '--max-accounts',
      '25',
      '--iam-propagation=2.5',
      '--create-account',
      '0',
      '--enable-region',
      '3600',
      '--latency',
      '40',
    ])
    if (parsed.help) throw new Error('unexpected help')
    expect(resolveStartOptions(parsed.flags)).toEqual({
      host: '127.0.0.1',
      port: 4566,
      maxAccounts: 25,
      durations: { iamPropagationMs: 2_500, createAccountMs: 0, enableRegionMs: 3_600_000, perCallLatencyMs: 40 },
    })
  })

  it('reads --audit-window as the number of calls kept in memory', () => {
    const parsed = parseStartArgs(['--audit-window', '500'])
    expect(parsed.help).toBe(false)
    if (!parsed.help) expect(resolveStartOptions(parsed.flags)).toMatchObject({ auditWindow: 500 })
  })

  it.each([
    { argv: ['--bogus'], message: 'Unknown flag --bogus' },
    { argv: ['--prot', '1'], message: 'Unknown flag --prot (did you mean --port?)' },
    { argv: ['--port'], message: 'Flag --port needs a value' },
    { argv: ['--port', 'http'], message: "--port must be an integer 0-65535, got 'http'" },
    { argv: ['--port', '70000'], message: '--port must be an integer 0-65535' },
    { argv: ['--date', 'soon'], message: "--date must be an ISO 8601 date whose day exists, got 'soon'" },
    // QA: Date rolls 2022-02-30 over to 2022-03-02; the clock takes years 2000–2999 only.
    { argv: ['--date', '2022-02-30'], message: "--date must be an ISO 8601 date whose day exists, got '2022-02-30'" },
    { argv: ['--date', '1999-01-01'], message: "--date must be from 2000-01-01 to 2999-12-31, got '1999-01-01'" },
    { argv: ['--time-scale', '0'], message: '--time-scale must be a positive number' },
    { argv: ['--time-scale', '5000'], message: "--time-scale must be a positive number up to 1000, got '5000'" },
    { argv: ['--latency', '9999999'], message: "--latency must be a number from 0 to 600000, got '9999999'" },
    { argv: ['--iam-propagation', '1e9'], message: "--iam-propagation must be a number from 0 to 31622400, got '1e9'" },
    {
      argv: ['--audit-window', '99999999999'],
      message: "--audit-window must be a whole number from 1 to 1000000, got '99999999999'",
    },
    { argv: ['--timeline', '/nonexistent/timeline.json'], message: '--timeline: ' },
    { argv: ['--faults', '/nonexistent/faults.json'], message: '--faults: ' },
    { argv: ['start'], message: "Unexpected argument 'start'" },
    {
      argv: ['--max-accounts', '-1'],
      message: "--max-accounts must be a whole number of at least 1 (the management account is one), got '-1'",
    },
    {
      argv: ['--max-accounts', '2.5'],
      message: "--max-accounts must be a whole number of at least 1 (the management account is one), got '2.5'",
    },
    {
      argv: ['--max-accounts', '0'],
      message: "--max-accounts must be a whole number of at least 1 (the management account is one), got '0'",
    },
    { argv: ['--iam-propagation=-3'], message: "--iam-propagation must be a number from 0 to 31622400, got '-3'" },
    { argv: ['--create-account', 'soon'], message: "--create-account must be a number from 0 to 31622400, got 'soon'" },
    {
      argv: ['--enable-region', 'Infinity'],
      message: "--enable-region must be a number from 0 to 31622400, got 'Infinity'",
    },
    { argv: ['--latency= '], message: "--latency must be a number from 0 to 600000, got ' '" },
    // QA: Number() reads these as 16 and 1000
    { argv: ['--latency', '0x10'], message: "--latency must be a number from 0 to 600000, got '0x10'" },
    { argv: ['--iam-propagation', '1e3'], message: "--iam-propagation must be a number from 0 to 31622400, got '1e3'" },
    { argv: ['--audit-window', '0'], message: "--audit-window must be a whole number from 1 to 1000000, got '0'" },
    { argv: ['--audit-window', 'all'], message: "--audit-window must be a whole number from 1 to 1000000, got 'all'" },
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
    for (const flag of ['--max-accounts <n>', '--iam-propagation <seconds>', '--create-account <seconds>'])
      expect(out.join('')).toContain(flag)
    expect(out.join('')).toContain('--enable-region <seconds>')
    expect(out.join('')).toContain('--latency <ms>')
  })

  it('serves with the realism knobs it was started with, as GET /_emulator/config shows', async () => {
    const { io, out } = captureIo()
    const argv = ['--port', '0', '--max-accounts', '3', '--iam-propagation', '30', '--latency', '5']
    const done = emulatorStartCommand(argv, io)
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const endpoint = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out[0]!)?.[1]
    const config = (await (await fetch(`${endpoint}/_emulator/config`)).json()) as any
    expect(config.maxAccounts).toBe(3)
    expect(config.durations).toMatchObject({ iamPropagationMs: 30_000, perCallLatencyMs: 5, createAccountMs: 60_000 })
    process.emit('SIGTERM', 'SIGTERM')
    expect(await done).toBe(0)
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

  it('refuses a non-loopback --host without --allow-remote (exit 2, nothing listening)', async () => {
    const { io, out, err } = captureIo()
    expect(await emulatorStartCommand(['--host', '0.0.0.0', '--port', '0'], io)).toBe(2)
    expect(err.join('')).toContain('refusing to listen on 0.0.0.0')
    expect(err.join('')).toContain('--allow-remote')
    expect(out).toEqual([])
  })

  it('with --allow-remote warns, prints the token and writes it owner-only to --token-file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-token-'))
    const tokenFile = path.join(dir, 'control.token')
    const { io, out, err } = captureIo()
    const done = emulatorStartCommand(
      ['--host', '0.0.0.0', '--allow-remote', '--port', '0', '--token-file', tokenFile],
      io,
    )
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(err.join('')).toMatch(/WARNING: listening on 0\.0\.0\.0, beyond loopback/)
    const token = /control token: (\S+)/.exec(out[0]!)?.[1]
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect((await readFile(tokenFile, 'utf8')).trim()).toBe(token)
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600)
    process.emit('SIGTERM', 'SIGTERM')
    expect(await done).toBe(0)
    await expect(stat(tokenFile)).rejects.toThrow(/ENOENT/)
    await rm(dir, { recursive: true, force: true })
  })

  it('with --allow-remote on loopback (the default host), gives no beyond-loopback warning (QA)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-token-'))
    const { io, out, err } = captureIo()
    const done = emulatorStartCommand(['--allow-remote', '--port', '0', '--token-file', path.join(dir, 't')], io)
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(err.join('')).not.toContain('beyond loopback')
    process.emit('SIGTERM', 'SIGTERM')
    expect(await done).toBe(0)
    await rm(dir, { recursive: true, force: true })
  })

  it('takes a fixed token from HARNESS_EMULATOR_TOKEN and refuses a malformed one', async () => {
    const bad = captureIo()
    const env = { HARNESS_EMULATOR_TOKEN: 'short' }
    expect(await emulatorStartCommand(['--port', '0'], { ...bad.io, env })).toBe(2)
    expect(bad.err.join('')).toContain('HARNESS_EMULATOR_TOKEN must be 16-256 characters')
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-token-'))
    const { io, out } = captureIo()
    const fixed = 'ci-fixed-token-0123456789'
    const args = ['--port', '0', '--token-file', path.join(dir, 't')]
    const done = emulatorStartCommand(args, { ...io, env: { HARNESS_EMULATOR_TOKEN: fixed } })
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const endpoint = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out[0]!)?.[1]
    const reset = await fetch(`${endpoint}/_emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixed}` },
      body: '{}',
    })
    expect(reset.status).toBe(200)
    process.emit('SIGTERM', 'SIGTERM')
    expect(await done).toBe(0)
    await rm(dir, { recursive: true, force: true })
  })
})
