/** The CLI's argv routing and its single error boundary, in-process with captured output. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { captureIo as captureCliIo } from './capture-io.js'
import { main, reportFailure } from './main.js'

const captureIo = (env: NodeJS.ProcessEnv = {}) => captureCliIo({ env })

describe('main', () => {
  it.each([
    [['--version'], 0, /^\d+\.\d+\.\d+\n$/],
    [['--help'], 0, /Commands:/],
    [['run', '--help'], 0, /--emulator-date/],
    [['diff', '--help'], 0, /harness diff <old-run> <new-run>/],
    [['report', '-h'], 0, /harness report \[<run>\]/],
    [['emulator', '--help'], 0, /harness emulator start/],
    [['explain', '--help'], 0, /harness explain \[<message> \| <file> \| -\]/],
    [['minimize', '-h'], 0, /harness minimize \[--policy <file>\]/],
  ])('%j exits %i and prints help or version', async (argv, code, output) => {
    const io = captureIo()
    expect(await main(argv, io)).toBe(code)
    expect(io.out()).toMatch(output)
    expect(io.err()).toBe('')
  })

  it('run --help says what a --scenario filter matches (names and file base names, not paths)', async () => {
    const io = captureIo()
    expect(await main(['run', '--help'], io)).toBe(0)
    const help = io.out().replace(/\s+/g, ' ')
    expect(help).toContain(
      '--scenario <name|glob> run the scenarios whose name (logs/create-tagged-log-group) or file name without ' +
        'folder and extension (logs-create-tagged-log-group) matches, exactly or with * wildcards (* also matches /); ' +
        "not a path: 'scenarios/*.ts' matches nothing; repeatable (default: all)",
    )
  })

  it.each([
    [[], /^harness: No command given\. Commands: run, /],
    [['--version', 'extra'], /--version takes no arguments, got "extra"\./],
    [['deploy'], /Unknown command "deploy"\. Commands: /],
    [['rn'], /Unknown command "rn" \(did you mean "run"\?\)\. Commands: /],
    [
      ['emulator', 'stop'],
      /Unknown command "harness emulator stop"\. Try: harness emulator start \(it runs until Ctrl-C or SIGTERM\)/,
    ],
    [['diff', 'only-one.json'], /exactly two runs \(ids or files\)/],
    [['run', '--time-scale', 'fast'], /--time-scale must be a positive number/],
    [['report', '--reports-dir', ''], /--reports-dir needs a value, got an empty one/],
    [
      ['diff', 'a.json', 'b.json', '--format', 'x'.repeat(100_000)],
      /--format must be text, json or markdown, got "x{40}…" \(100000 characters\)/,
    ],
  ])('%j is a usage error (exit 2, one sentence on stderr)', async (argv, message) => {
    const io = captureIo()
    expect(await main(argv, io)).toBe(2)
    expect(io.err()).toMatch(message)
    expect(io.err().trim().split('\n')).toHaveLength(1)
  })

  it('never prints more than a few thousand characters of an error, whatever its size', () => {
    const io = captureIo()
    reportFailure(new HarnessError('USAGE', `bad input: ${'no good '.repeat(125_000)}`), io)
    expect(io.err().length).toBeLessThan(4200)
    expect(io.err()).toMatch(/more characters not shown\)\n$/)
  })

  it('maps each harness failure code to its exit code', () => {
    const cases = [
      ['CONFIG_INVALID', 2],
      ['CREDENTIALS_UNAVAILABLE', 2],
      ['ACCOUNT_VENDING_FAILED', 3],
      ['REGION_ENABLE_FAILED', 3],
      ['INTERRUPTED', 130],
    ] as const
    for (const [code, exit] of cases) expect(reportFailure(new HarnessError(code, 'x'), captureIo())).toBe(exit)
  })

  it('turns an unexpected error into exit 3 without a stack trace, unless HARNESS_DEBUG=1', () => {
    const quiet = captureIo()
    expect(reportFailure(new TypeError('cannot read x of undefined'), quiet)).toBe(3)
    expect(quiet.err()).toMatch(/^harness: unexpected error: cannot read x of undefined\n/)
    expect(quiet.err()).not.toMatch(/\n\s+at /)
    const debug = captureIo({ HARNESS_DEBUG: '1' })
    reportFailure(new TypeError('boom'), debug)
    expect(debug.err()).toMatch(/\n\s+at /)
  })

  it('says an infrastructure failure after Ctrl-C is the interrupt (130): git got the signal too', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'harness-main-'))
    try {
      const controller = new AbortController()
      controller.abort()
      const pull = ['history', 'pull', '--history', 'git:/nonexistent/store.git#r']
      // A store git cannot reach: already interrupted, its failure is the interrupt's.
      const io = captureCliIo({ cwd })
      expect(await main(pull, io, controller.signal)).toBe(130)
      expect(io.err()).toMatch(/^harness: interrupted: /)
      expect(await main(pull, captureCliIo({ cwd }))).toBe(3)
    } finally {
      await rm(cwd, { recursive: true, force: true })
    }
  })

  it('never prints a credential in an error message', () => {
    const io = captureIo()
    reportFailure(new HarnessError('EMULATOR_FAILED', 'failed with key ASIAABCDEFGHIJKLMNOP'), io)
    expect(io.err()).not.toContain('ASIAABCDEFGHIJKLMNOP')
  })
})
