/**
 * Emulator benchmark: start-up time and signed requests per second for STS GetCallerIdentity
 * through the real SDK client (keep-alive), client and server in one process on one core.
 * Run: `npx tsx harness/bench/emulator-bench.ts`; `runEmulatorBench()` feeds `npm run bench`.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { startEmulator } from '../emulator/server.js'

export interface EmulatorBenchOptions {
  /** Timed requests after warm-up. Default 5,000. */
  requests?: number
  /** Requests in flight at once. Default 16. */
  concurrency?: number
}

export interface EmulatorBenchResult {
  operation: string
  /** Median of 5 in-process `startEmulator()` calls (bootstrap + listen), ms. */
  startupMs: number
  requests: number
  concurrency: number
  seconds: number
  requestsPerSecond: number
  /** Median and 99th percentile latency per request, ms. */
  p50Ms: number
  p99Ms: number
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
const round = (value: number, digits = 2): number => Number(value.toFixed(digits))

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

export async function runEmulatorBench(options: EmulatorBenchOptions = {}): Promise<EmulatorBenchResult> {
  const requests = options.requests ?? Number(process.env.BENCH_REQUESTS ?? 5_000)
  const concurrency = options.concurrency ?? 16
  const startupMs = await measureStartup()
  const emulator = await startEmulator({ port: 0 })
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
  try {
    const send = () => client.send(new GetCallerIdentityCommand({}))
    for (let i = 0; i < 200; i++) await send()
    const latencies: number[] = []
    let next = 0
    const worker = async () => {
      while (next < requests) {
        next++
        const started = performance.now()
        await send()
        latencies.push(performance.now() - started)
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: concurrency }, worker))
    const seconds = (performance.now() - started) / 1000
    const sorted = latencies.sort((a, b) => a - b)
    return {
      operation: 'sts:GetCallerIdentity (SigV4 verified)',
      startupMs: round(startupMs),
      requests,
      concurrency,
      seconds: round(seconds, 3),
      requestsPerSecond: Math.round(requests / seconds),
      p50Ms: round(percentile(sorted, 0.5)),
      p99Ms: round(percentile(sorted, 0.99)),
    }
  } finally {
    client.destroy()
    await emulator.stop()
  }
}

export function formatEmulatorBench(result: EmulatorBenchResult): string {
  return [
    '| metric | value |',
    '|---|---|',
    `| operation | ${result.operation} |`,
    `| start-up (startEmulator, median of 5) | ${result.startupMs} ms |`,
    `| requests | ${result.requests} (concurrency ${result.concurrency}) |`,
    `| throughput | ${result.requestsPerSecond} req/s |`,
    `| latency p50 / p99 | ${result.p50Ms} / ${result.p99Ms} ms |`,
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runEmulatorBench()
  process.stdout.write(`${formatEmulatorBench(result)}\n\n${JSON.stringify(result)}\n`)
}
