/**
 * Emulator benchmark, one process: start-up time, then STS GetCallerIdentity with SigV4 verification
 * three ways: through the real SDK client (keep-alive, client and server sharing the core), through a
 * raw keep-alive HTTP client replaying one signed request (each copy fully verified), and the
 * server's CPU time per request (HTTP parsing + pipeline), which gives requests/s per core whatever
 * else the machine is doing. Run `npx tsx harness/bench/emulator-bench.ts`; `runEmulatorBench()` feeds `npm run bench`.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { startEmulator } from '../emulator/server.js'
import { createRawSender, measure, type ThroughputResult, throughputResult } from './measure.js'

export interface EmulatorBenchOptions {
  /** Timed requests per measurement after warm-up. Default 3,000. */
  requests?: number
  /** Requests in flight at once. Default 16. */
  concurrency?: number
}

export interface EmulatorBenchResult extends ThroughputResult {
  operation: string
  /** Median of 5 in-process `startEmulator()` calls (bootstrap + listen), ms. */
  startupMs: number
  /** A fresh `node --import tsx` process until it prints the endpoint (module loading included), ms. */
  coldStartMs: number
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const round = (value: number, digits = 2): number => Number(value.toFixed(digits))
const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15'

async function measureStartup(): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const emulator = await startEmulator({ port: 0 })
    samples.push(performance.now() - started)
    await emulator.stop()
  }
  return median(samples)
}

const SERVER_MODULE = fileURLToPath(new URL('../emulator/server.ts', import.meta.url))

function measureColdStart(): Promise<number> {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(SERVER_MODULE)});const e=await m.startEmulator({port:0});console.log(e.endpoint, performance.now()-t);await e.stop()`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.on('error', reject)
    child.on('close', () => {
      const ms = Number(/http:\/\/\S+ ([\d.]+)/.exec(out)?.[1])
      if (Number.isFinite(ms)) resolve(ms)
      else reject(new Error(`cold start did not print an endpoint: ${out}`))
    })
  })
}

export async function runEmulatorBench(options: EmulatorBenchOptions = {}): Promise<EmulatorBenchResult> {
  const requests = options.requests ?? 3_000
  const concurrency = options.concurrency ?? 16
  const startupMs = await measureStartup()
  const coldStartMs = await measureColdStart()
  const emulator = await startEmulator({ port: 0 })
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
  const raw = await createRawSender(
    {
      port: emulator.port,
      service: 'sts',
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: STS_BODY,
    },
    concurrency,
  )
  try {
    const sdk = await measure(() => client.send(new GetCallerIdentityCommand({})), requests, concurrency)
    emulator.state.calls.length = 0
    emulator.state.cloudTrail.length = 0
    const direct = await measure(raw.send, requests, concurrency)
    return {
      operation: 'sts:GetCallerIdentity (SigV4 verified)',
      startupMs: round(startupMs),
      coldStartMs: round(coldStartMs),
      ...throughputResult(requests, concurrency, sdk, direct),
    }
  } finally {
    raw.close()
    client.destroy()
    await emulator.stop()
  }
}

export function formatEmulatorBench(result: EmulatorBenchResult): string {
  return [
    `Emulator: ${result.operation}, ${result.requests} requests, concurrency ${result.concurrency}, one process`,
    '| metric | value |',
    '|---|---|',
    `| start-up (startEmulator, median of 5) | ${result.startupMs} ms |`,
    `| cold start (new node process: import + start) | ${result.coldStartMs} ms |`,
    `| real SDK client, same process | ${result.sdkRequestsPerSecond} req/s |`,
    `| raw keep-alive HTTP, same process | ${result.httpRequestsPerSecond} req/s |`,
    `| CPU per request (server + raw client) | ${result.cpuMsPerRequest} ms → ${result.cpuBoundRequestsPerSecond} req/s per core |`,
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runEmulatorBench()
  process.stdout.write(`${formatEmulatorBench(result)}\n\n${JSON.stringify(result)}\n`)
}
