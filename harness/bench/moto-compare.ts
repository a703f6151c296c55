/**
 * The emulator and moto side by side on the same five operations, each server in its own process,
 * driven by the same raw signed keep-alive client: requests/s (wall) and the server's own CPU per
 * request (read from its process, so the client's share is excluded). Without `moto_server` on the
 * PATH the moto columns are skipped with a note.
 */
import { execFileSync } from 'node:child_process'
import { motoInstalled, type ServerProcess, startEmulatorProcess, startMotoProcess } from './server-process.js'
import { replay, signRequests, WIRE_OPERATIONS, type WireOperation } from './wire-operations.js'

export interface ServerFigures {
  requestsPerSecond: number
  /** Server-process CPU per request, ms; undefined without /proc. */
  serverCpuMs?: number
  failures: number
  firstFailure?: string
}

export interface OperationComparison {
  operation: string
  requests: number
  emulator: ServerFigures
  moto?: ServerFigures
}

export interface MotoComparison {
  concurrency: number
  motoVersion?: string
  /** Why moto was not measured, when it was not. */
  skipped?: string
  operations: OperationComparison[]
}

const WARM_UP = 50

async function measureOperation(
  server: ServerProcess,
  operation: WireOperation,
  requests: number,
  concurrency: number,
): Promise<ServerFigures> {
  await replay(server.port, await signRequests(operation, server.port, 1_000_000, WARM_UP), concurrency)
  const signed = await signRequests(operation, server.port, 0, requests)
  const cpuBefore = server.cpuSeconds()
  const result = await replay(server.port, signed, concurrency)
  const cpuAfter = server.cpuSeconds()
  const serverCpuMs =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / requests
  return {
    requestsPerSecond: Math.round(requests / result.seconds),
    ...(serverCpuMs === undefined ? {} : { serverCpuMs: Number(serverCpuMs.toFixed(3)) }),
    failures: result.failures,
    ...(result.firstFailure ? { firstFailure: result.firstFailure } : {}),
  }
}

async function measureServer(
  start: () => Promise<ServerProcess>,
  requests: number,
  concurrency: number,
): Promise<ServerFigures[]> {
  const server = await start()
  try {
    const figures: ServerFigures[] = []
    for (const operation of WIRE_OPERATIONS) {
      figures.push(await measureOperation(server, operation, requestCount(operation, requests), concurrency))
    }
    return figures
  } finally {
    await server.stop()
  }
}

const requestCount = (operation: WireOperation, requests: number) =>
  Math.min(requests, operation.maxRequests ?? requests)

function motoVersion(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

export async function compareWithMoto(requests = 2_000, concurrency = 16): Promise<MotoComparison> {
  const emulator = await measureServer(() => startEmulatorProcess(), requests, concurrency)
  const withMoto = motoInstalled()
  const moto = withMoto ? await measureServer(startMotoProcess, requests, concurrency) : undefined
  return {
    concurrency,
    ...(withMoto
      ? { motoVersion: motoVersion() }
      : { skipped: 'moto_server is not installed (pip install "moto[server]")' }),
    operations: WIRE_OPERATIONS.map((operation, index) => ({
      operation: operation.label,
      requests: requestCount(operation, requests),
      emulator: emulator[index]!,
      ...(moto ? { moto: moto[index]! } : {}),
    })),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await compareWithMoto(Number(process.env.BENCH_REQUESTS ?? 2_000)), null, 2))
}
