/**
 * `npm run bench`: every speed target in one place. Prints a markdown table and rewrites
 * harness/bench/RESULTS.md, so the numbers live in the repo instead of in timed test assertions.
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { benchmarkEvaluator } from '../policy/benchmark.js'
import { runAuthzBench } from './authz-bench.js'
import { runEmulatorBench } from './emulator-bench.js'

const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url))

interface Row {
  metric: string
  value: string
  target?: string
}

async function collectRows(): Promise<Row[]> {
  const evaluator = benchmarkEvaluator(50_000)
  const emulator = await runEmulatorBench()
  const authz = await runAuthzBench()
  return [
    { metric: 'emulator start-up (startEmulator, in-process)', value: `${emulator.startupMs} ms`, target: '< 300 ms' },
    {
      metric: 'emulator cold start (new node process: TS load + start)',
      value: `${emulator.coldStartMs} ms`,
      target: coldStartVerdict(emulator.coldStartMs),
    },
    {
      metric: 'signed GetCallerIdentity, server CPU per request (SigV4 verified)',
      value: `${emulator.cpuMsPerRequest} ms → ${emulator.cpuBoundRequestsPerSecond} req/s per core`,
      target: '≥ 2,000 req/s on one core',
    },
    {
      metric: 'signed GetCallerIdentity, raw keep-alive HTTP client',
      value: `${emulator.httpRequestsPerSecond} req/s`,
    },
    { metric: 'signed GetCallerIdentity, real SDK client', value: `${emulator.sdkRequestsPerSecond} req/s` },
    {
      metric: 'policy evaluator decisions (10 statements + 2 SCP levels + boundary)',
      value: `${evaluator.decisionsPerSecond}/s`,
    },
    { metric: `emulator authorization decisions (${authz.caller})`, value: `${authz.decisionsPerSecond}/s` },
    {
      metric: 'CreateLogGroup with tags, enforcement on, server CPU per request',
      value: `${authz.cpuMsPerRequest} ms → ${authz.cpuBoundRequestsPerSecond} req/s per core`,
      target: '≥ 2,000 req/s on one core',
    },
    { metric: 'CreateLogGroup with tags, enforcement on, raw HTTP', value: `${authz.httpRequestsPerSecond} req/s` },
    {
      metric: 'CreateLogGroup with tags, enforcement on, real SDK client',
      value: `${authz.sdkRequestsPerSecond} req/s`,
    },
  ]
}

/** The 300 ms start-up target, judged on the cold number too, so a miss is written down rather than hidden. */
function coldStartVerdict(ms: number): string {
  return ms < 300 ? '< 300 ms (met)' : '< 300 ms (not met: loading TypeScript and zod dominates)'
}

function renderMarkdown(rows: Row[]): string {
  const header = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version},`,
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]?.toFixed(1)}.`,
    'Per-core rates come from process CPU time, so they hold on a busy machine; wall-clock rates do not.',
    'Cold start is a new Node process loading the TypeScript sources through tsx (its transform cache warm);',
    'the emulator itself is ready well under a millisecond after its modules are loaded.',
    '',
    '| metric | result | target |',
    '|---|---|---|',
  ]
  return [...header, ...rows.map((r) => `| ${r.metric} | ${r.value} | ${r.target ?? ''} |`), ''].join('\n')
}

const markdown = renderMarkdown(await collectRows())
process.stdout.write(markdown)
await writeFile(RESULTS_FILE, markdown)
process.stdout.write(`\nwritten to ${RESULTS_FILE}\n`)
