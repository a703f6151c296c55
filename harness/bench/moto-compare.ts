/**
 * The emulator and moto side by side on the same five operations, each server in its own process,
 * driven by the same raw signed keep-alive client: requests/s (wall) and the server's own CPU per
 * request (read from its process, so the client's share is excluded). Without `moto_server` on the
 * PATH the moto columns are skipped with a note.
 */
import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { motoInstalled, type ServerProcess, startEmulatorProcess, startMotoProcess } from './server-process.js'
import { replay, type SignedRequest, signRequests, WIRE_OPERATIONS, type WireOperation } from './wire-operations.js'

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
  /** Requests of each operation sent to a server before measuring any (WARM_UP_PER_OPERATION). */
  warmUpPerOperation: number
  /** Rounds each operation's requests were split into, alternating between the servers. */
  rounds: number
  motoVersion?: string
  /** Why moto was not measured, when it was not. */
  skipped?: string
  operations: OperationComparison[]
}

/**
 * Requests of each operation sent before any is measured, the same to both servers, so each is
 * measured warm, as it runs through a test suite. CPython has no JIT, so moto's figures do not move
 * with it; Node's does. With 500 of each (2,050 in all) V8 had not yet optimised the emulator's shared
 * request path (handleAwsRequest, authorizeRequest, recordCloudTrailEvent were compiled during the
 * measured rounds), so the second operation measured paid for it: Logs CreateLogGroup's first six
 * rounds of 400 cost 0.25–0.47 ms of server CPU each, the rounds after them 0.12–0.18 ms. With 3,000
 * of each, sent in WARM_UP_CYCLES rounds over every operation so the shared code sees them all before
 * it is optimised, the first measured round is as cheap as the tenth. Warm-up resources are named
 * apart from measured ones.
 */
export const WARM_UP_PER_OPERATION = 3_000
const WARM_UP_CYCLES = 5
const WARM_UP_NAMES_FROM = 1_000_000

async function warmUp(server: ServerProcess, concurrency: number): Promise<void> {
  for (let cycle = 0; cycle < WARM_UP_CYCLES; cycle++) {
    for (const operation of WIRE_OPERATIONS) {
      const total = Math.min(WARM_UP_PER_OPERATION, operation.maxWarmUp ?? WARM_UP_PER_OPERATION)
      const from = Math.floor((total * cycle) / WARM_UP_CYCLES)
      const count = Math.floor((total * (cycle + 1)) / WARM_UP_CYCLES) - from
      if (count === 0) continue
      const signed = await signRequests(operation, server.port, WARM_UP_NAMES_FROM + from, count)
      await replay(server.port, signed, concurrency)
    }
  }
}

/** Each server's share of one operation's requests is sent in this many rounds, alternating between servers. */
export const ROUNDS = 5

interface Tally {
  requests: number
  seconds: number
  /** Requests/s of each round. */
  rates: number[]
  /** Undefined once any round could not read the server's CPU (no /proc). */
  cpuSeconds: number | undefined
  failures: number
  firstFailure?: string
}

/** One round: `signed` replayed to `server`, added to its tally. */
async function measureRound(server: ServerProcess, signed: SignedRequest[], concurrency: number, tally: Tally) {
  const cpuBefore = server.cpuSeconds()
  const result = await replay(server.port, signed, concurrency)
  const cpuAfter = server.cpuSeconds()
  tally.requests += signed.length
  tally.seconds += result.seconds
  tally.rates.push(signed.length / result.seconds)
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
  tally.cpuSeconds = cpu === undefined || tally.cpuSeconds === undefined ? undefined : tally.cpuSeconds + cpu
  tally.failures += result.failures
  tally.firstFailure ??= result.firstFailure
}

function figuresOf(tally: Tally): ServerFigures {
  return {
    requestsPerSecond: Math.round(median(tally.rates)),
    ...(tally.cpuSeconds === undefined
      ? {}
      : { serverCpuMs: Number(((tally.cpuSeconds * 1000) / tally.requests).toFixed(3)) }),
    failures: tally.failures,
    ...(tally.firstFailure ? { firstFailure: tally.firstFailure } : {}),
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * One operation on every server: ROUNDS rounds, each sending every server its next share in turn, so
 * a change in the machine's load (it is shared) falls on the emulator and on moto alike rather than on
 * whichever ran at the time. Requests/s is the median round's, for both servers: a round the shared
 * machine stalled counts as much as one it did not, but no more; CPU per request is over all rounds.
 */
async function measureOperation(
  servers: ServerProcess[],
  operation: WireOperation,
  requests: number,
  concurrency: number,
): Promise<ServerFigures[]> {
  const tallies: Tally[] = servers.map(() => ({ requests: 0, seconds: 0, rates: [], cpuSeconds: 0, failures: 0 }))
  for (let round = 0; round < ROUNDS; round++) {
    const from = Math.floor((requests * round) / ROUNDS)
    const count = Math.floor((requests * (round + 1)) / ROUNDS) - from
    for (const [index, server] of servers.entries()) {
      const signed = await signRequests(operation, server.port, from, count)
      await measureRound(server, signed, concurrency, tallies[index]!)
    }
  }
  return tallies.map(figuresOf)
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

/** Both servers run at once (an idle one costs nothing); each operation is measured on both in alternating rounds. */
export async function compareWithMoto(requests = 2_000, concurrency = 16): Promise<MotoComparison> {
  const withMoto = motoInstalled()
  const servers: ServerProcess[] = []
  try {
    servers.push(await startEmulatorProcess())
    if (withMoto) servers.push(await startMotoProcess())
    for (const server of servers) await warmUp(server, concurrency)
    const operations: OperationComparison[] = []
    for (const operation of WIRE_OPERATIONS) {
      const count = requestCount(operation, requests)
      const figures = await measureOperation(servers, operation, count, concurrency)
      operations.push({
        operation: operation.label,
        requests: count,
        emulator: figures[0]!,
        ...(figures[1] ? { moto: figures[1] } : {}),
      })
    }
    return {
      concurrency,
      warmUpPerOperation: WARM_UP_PER_OPERATION,
      rounds: ROUNDS,
      ...(withMoto
        ? { motoVersion: motoVersion() }
        : { skipped: 'moto_server is not installed (pip install "moto[server]")' }),
      operations,
    }
  } finally {
    for (const server of servers) await server.stop()
  }
}

/**
 * The same in a new Node process, so the client's event loop never waits for a collection of what
 * the bench's earlier stages (a year of history, 50k log groups) left in this process's heap.
 */
export function compareWithMotoInOwnProcess(requests = 2_000): Promise<MotoComparison> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url)
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(requests)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as MotoComparison) : reject(new Error(`moto comparison exited ${code}`)),
    )
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const requests = Number(process.argv[2] ?? process.env.BENCH_REQUESTS ?? 2_000)
  process.stdout.write(JSON.stringify(await compareWithMoto(requests), null, 2))
}
