/**
 * A child process with inherited stdout/stderr in a scenario thread (child-output.ts): its descriptors are
 * piped and its output goes the scenario's way, while the scenario still gets what inheriting gives it.
 * The patch changes node:child_process for the thread that installs it, so it runs in a thread of its own
 * here (the compiled module: the test suite's global setup builds dist/), never in the test's process.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../e2e/cli-project.js'
import { reroutedStdio } from './child-output.js'

const OUT = [1, 'stdout']
const ERR = [2, 'stderr']

describe('reroutedStdio', () => {
  it.each([
    ['no stdio (pipes)', undefined, undefined, []],
    ['all piped', 'pipe', 'pipe', []],
    ['all inherited', 'inherit', ['inherit', 'pipe', 'pipe'], [OUT, ERR]],
    ['descriptor numbers', ['ignore', 1, 2], ['ignore', 'pipe', 'pipe'], [OUT, ERR]],
    [
      'swapped',
      [0, 2, 1],
      [0, 'pipe', 'pipe'],
      [
        [1, 'stderr'],
        [2, 'stdout'],
      ],
    ],
    ['only stderr, with ipc', ['pipe', 'pipe', 'inherit', 'ipc'], ['pipe', 'pipe', 'pipe', 'ipc'], [ERR]],
    ['{ fd } objects', ['inherit', { fd: 1 }, { fd: 2 }], ['inherit', 'pipe', 'pipe'], [OUT, ERR]],
    [
      'the run’s stdout as an extra descriptor',
      ['pipe', 'pipe', 'pipe', 1, 'inherit'],
      ['pipe', 'pipe', 'pipe', 'pipe', 'inherit'],
      [[3, 'stdout']],
    ],
    ['a file descriptor of its own', ['inherit', 7, 'ignore'], ['inherit', 7, 'ignore'], []],
    // Node refuses these in a thread (ERR_INVALID_ARG_VALUE: not a descriptor there); piped, they work.
    ['the thread’s own streams', [null, process.stdout, process.stderr], [null, 'pipe', 'pipe'], [OUT, ERR]],
  ])('%s', (_name, given, stdio, routes) => {
    expect(reroutedStdio(given)).toEqual({ stdio, routes })
  })
})

interface ThreadReport {
  lines: Array<[string, string]>
  results: Record<string, unknown>
}

/** Runs `body` (an async function's body, `cp` being node:child_process) in a thread with the patch installed. */
function inContainedThread(body: string): Promise<ThreadReport> {
  const dist = (file: string) => pathToFileURL(path.join(REPO_ROOT, 'dist/runtime/contained', file)).href
  const code = `
const { parentPort } = require('node:worker_threads')
;(async () => {
  const output = await import(${JSON.stringify(dist('scenario-output.js'))})
  const lines = []
  output.routeOutput({ lines: (stream, key, text) => lines.push([stream, text]), unfinished: () => undefined })
  ;(await import(${JSON.stringify(dist('child-output.js'))})).containChildOutput()
  const cp = await import('node:child_process')
  const results = await output.withOutputLabel('[r] s', async () => { ${body} })
  output.flushOutput('[r] s')
  parentPort.postMessage({ lines, results })
})().catch((error) => parentPort.postMessage({ error: String(error.stack) }))
`
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true })
    worker.once('message', (message: ThreadReport & { error?: string }) => {
      void worker.terminate()
      if (message.error) reject(new Error(message.error))
      else resolve(message)
    })
    worker.once('error', reject)
  })
}

const NODE = JSON.stringify(process.execPath)

describe('a child process with inherited output, in a scenario thread', () => {
  it('answers execSync and execFileSync as inheriting does: stdout null, a failure without the child’s stderr', async () => {
    const { lines, results } = await inContainedThread(`
      const returned = cp.execFileSync(process.execPath, ['-p', '"SIX-" + 6'], { stdio: 'inherit' })
      let failure
      try {
        cp.execSync(${JSON.stringify(`${NODE} -e "console.error('WHY'); process.exit(3)"`)}, { stdio: 'inherit' })
      } catch (error) {
        failure = { message: error.message, status: error.status, stderr: error.stderr, stack: error.stack.includes('\\nWHY') }
      }
      const piped = cp.execSync(${JSON.stringify(`${NODE} -p 40+2`)}).toString()
      return { returned, failure, piped }
    `)
    expect(results.returned).toBeNull()
    expect(results.failure).toEqual({
      message: expect.stringMatching(/^Command failed: .* -e "console.error\('WHY'\); process.exit\(3\)"$/),
      status: 3,
      stderr: null,
      stack: false,
    })
    // Not inherited: untouched, its stdout returned and not printed.
    expect(results.piped).toBe('42\n')
    expect(lines).toEqual([
      ['stdout', '[r] s | SIX-6\n'],
      ['stderr', '[r] s | WHY\n'],
    ])
  })

  it('passes on more than spawnSync’s default 1 MiB buffer, as an inherited descriptor has no limit', async () => {
    const { lines, results } = await inContainedThread(`
      const result = cp.spawnSync(process.execPath, ['-e', 'process.stdout.write("x".repeat(3 * 1024 * 1024))'], { stdio: 'inherit' })
      return { status: result.status, error: String(result.error), stdout: result.stdout, output1: result.output[1] }
    `)
    expect(results).toEqual({ status: 0, error: 'undefined', stdout: null, output1: null })
    // All of it, by lines of at most 64 KiB each led by the label (scenario-output.ts): compared as counts, not printed.
    const texts = lines.map(([stream, text]) => `${stream} ${text.startsWith('[r] s | ')}`)
    expect(new Set(texts)).toEqual(new Set(['stdout true']))
    expect(lines.map(([, text]) => text.replaceAll('[r] s | ', '').replaceAll('\n', '')).join('').length).toBe(
      3 * 1024 * 1024,
    )
  })

  it('finds the options where Node does (args left out, undefined or null) and gives back the bytes an encoding turned into text', async () => {
    const { lines, results } = await inContainedThread(`
      // stdin piped where the child reads its program from \`input\`.
      const say = (text) => ({ stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, SAY: text } })
      const sync = cp.spawnSync(process.execPath, undefined, { ...say('NO-ARGS'), input: 'console.log(process.env.SAY)' })
      cp.execFileSync(process.execPath, null, { ...say('NULL-ARGS'), input: 'console.log(process.env.SAY)' })
      cp.spawnSync(process.execPath, ['-p', 'process.env.SAY'], { ...say('HEX'), encoding: 'hex' })
      cp.spawnSync(process.execPath, ['-p', 'process.env.SAY'], { ...say('WIDE'), encoding: 'utf16le' })
      // Inherited, 5,000 bytes passed a 1,000-byte maxBuffer (it covers piped output only).
      const big = cp.spawnSync(process.execPath, ['-e', 'process.stdout.write("y".repeat(5000) + String.fromCharCode(10))'], { stdio: 'inherit', maxBuffer: 1000 })
      return { sync: sync.stdout, bigStatus: big.status, bigError: String(big.error) }
    `)
    expect(results).toEqual({ sync: null, bigStatus: 0, bigError: 'undefined' })
    expect(lines).toEqual([
      ['stdout', '[r] s | NO-ARGS\n'],
      ['stdout', '[r] s | NULL-ARGS\n'],
      ['stdout', '[r] s | HEX\n'],
      ['stdout', '[r] s | WIDE\n'],
      ['stdout', `[r] s | ${'y'.repeat(5000)}\n`],
    ])
  })

  it('labels the output of a child still running after the scenario that started it moved on', async () => {
    const { lines, results } = await inContainedThread(`
      const child = cp.spawn(process.execPath, ['-e', 'setTimeout(() => process.stdout.write("LATE" + String.fromCharCode(10) + "PARTIAL"), 50)'], { stdio: ['ignore', 'inherit', 'inherit'] })
      const seen = { stdout: child.stdout, stderr: child.stderr }
      await output.withOutputLabel('[r] other', () => new Promise((resolve) => child.on('close', resolve)))
      return seen
    `)
    expect(results).toEqual({ stdout: null, stderr: null })
    // Its last line, unfinished, goes out when its stdout closes: the scenario's end flushed nothing of it.
    expect(lines).toEqual([
      ['stdout', '[r] s | LATE\n'],
      ['stdout', '[r] s | PARTIAL\n'],
    ])
  })
})
