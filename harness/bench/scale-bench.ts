/**
 * Scale of the emulator's state: (1) 50,000 log groups paged through DescribeLogGroups (50 per page,
 * each page signed by the SDK's signer and sent over one keep-alive connection, the way a client pages;
 * the raw HTTP client of wire-operations.ts, so the figure is the emulator's rather than node:http's) and (2) resident memory over many calls
 * with the default audit window. (2) drives the whole request pipeline (signature check, routing,
 * authorization, handler, audit, CloudTrail) in-process without HTTP, so a million calls take
 * minutes rather than an hour on a shared machine; the HTTP layer keeps no per-call state. It runs in
 * a process of its own (auditMemoryInOwnProcess).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { handleAwsRequest } from '../emulator/core/pipeline.js'
import { SortedMap } from '../emulator/core/sorted-index.js'
import { MANAGEMENT_ACCOUNT_ID } from '../emulator/core/state.js'
import { createEmulatorState, type RunningEmulator, startEmulator } from '../emulator/server.js'
import type { LogGroupRecord } from '../emulator/services/logs/store.js'
import { BENCH_CREDENTIALS, RawConnection, serializeRequest } from './wire-operations.js'

const REGION = 'eu-west-1'
const WARM_UP_REGION = 'us-east-1'

function createSigner(port: number, service: string, region: string) {
  const signer = new SignatureV4({ credentials: BENCH_CREDENTIALS, region, service, sha256: Hash.bind(null, 'sha256') })
  return async (headers: Record<string, string>, body: string) => {
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: { host: `127.0.0.1:${port}`, ...headers },
      body,
    })
    return (await signer.sign(request)).headers as Record<string, string>
  }
}

export interface PagingResult {
  logGroups: number
  /** Log groups of another region paged just before, unmeasured. */
  warmUpGroups: number
  pages: number
  seconds: number
  /** CPU seconds of this process (client and in-process server) while paging: the time on an idle core. */
  cpuSeconds: number
}

/** Log groups seeded straight into the state of one region, in an order unlike their names'. */
function seedLogGroups(emulator: RunningEmulator, region: string, count: number): void {
  const store = emulator.state.regionStore('logs', MANAGEMENT_ACCOUNT_ID, region, () => new SortedMap<LogGroupRecord>())
  const createdAt = emulator.state.clock.now()
  for (let i = 0; i < count; i++) {
    const name = `/bench/${(i * 7919) % count}`.padEnd(12, '-')
    store.set(name, { name, createdAt, tags: {}, logGroupClass: 'STANDARD' })
  }
}

/** Pages every log group of `region` as a client does; how many pages and groups it saw. */
async function pageAll(emulator: RunningEmulator, region: string): Promise<{ pages: number; seen: number }> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }
  const sign = createSigner(emulator.port, 'logs', region)
  const connection = new RawConnection(emulator.port)
  let token: string | undefined
  let pages = 0
  let seen = 0
  do {
    const body = JSON.stringify({ limit: 50, ...(token ? { nextToken: token } : {}) })
    const response = await connection.send(serializeRequest({ headers: await sign(headers, body), body }))
    const text = response.body.toString('utf8')
    if (response.status !== 200) throw new Error(`DescribeLogGroups answered ${response.status}: ${text}`)
    const page = JSON.parse(text) as { logGroups?: unknown[]; nextToken?: string }
    seen += page.logGroups?.length ?? 0
    token = page.nextToken
    pages++
  } while (token)
  connection.end()
  return { pages, seen }
}

/** Groups of the warm-up region: paged first, so the measured pass is not also Node compiling the path. */
const WARM_UP_GROUPS = 2_500

/**
 * Seeds `count` log groups straight into state, then pages all of them over HTTP; wall time of the
 * paging. A smaller store in another region is paged first, the way a warm emulator serves.
 */
export async function pageLogGroups(count = 50_000): Promise<PagingResult> {
  const emulator = await startEmulator({ port: 0 })
  try {
    seedLogGroups(emulator, WARM_UP_REGION, WARM_UP_GROUPS)
    seedLogGroups(emulator, REGION, count)
    await pageAll(emulator, WARM_UP_REGION)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const { pages, seen } = await pageAll(emulator, REGION)
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    if (seen !== count) throw new Error(`paged ${seen} log groups, expected ${count}`)
    return { logGroups: count, warmUpGroups: WARM_UP_GROUPS, pages, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
  } finally {
    await emulator.stop()
  }
}

/** The same in a new Node process, so it never waits for a collection of what earlier bench stages left. */
export function pageLogGroupsInOwnProcess(count = 50_000): Promise<PagingResult> {
  return runOwnProcess<PagingResult>(['page-log-groups', String(count)])
}

export interface AuditMemoryResult {
  calls: number
  auditWindow: number
  /**
   * [calls so far, peak RSS MiB since the previous checkpoint], read every 1,000 calls. The peak, not
   * RSS after a forced GC: that one swings by the young generation's size (±50 MiB) from one
   * checkpoint to the next, while the peak holds whatever the heap reaches between collections.
   */
  samples: Array<[number, number]>
  /**
   * [calls so far, heap MiB still used after a full GC]: what the emulator retains. RSS alone cannot tell a
   * leak from V8 growing its heap toward a plateau (the young generation and old-space limits grow with
   * the allocation rate); a leak shows here as growth, a plateau does not.
   */
  retained: Array<[number, number]>
}

const RSS_EVERY = 1_000
const RESIGN_EVERY = 10_000

async function signedGetCallerIdentity() {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15'
  const headers = await createSigner(
    4566,
    'sts',
    'us-east-1',
  )({ 'content-type': 'application/x-www-form-urlencoded' }, body)
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
  return { method: 'POST', rawPath: '/', query: new URLSearchParams(), headers: lowered, body: Buffer.from(body) }
}

/** `calls` signed GetCallerIdentity requests through the pipeline of one state with the default window. */
export async function auditMemory(calls = 1_000_000): Promise<AuditMemoryResult> {
  const state = createEmulatorState()
  let request = await signedGetCallerIdentity()
  const meta = { sourceIp: '127.0.0.1', secureTransport: false }
  const checkpoints = [10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000].filter((n) => n <= calls)
  if (!checkpoints.includes(calls)) checkpoints.push(calls)
  const samples: Array<[number, number]> = []
  const retained: Array<[number, number]> = []
  const gc = (globalThis as { gc?: () => void }).gc
  let done = 0
  for (const checkpoint of checkpoints) {
    let peak = 0
    for (; done < checkpoint; done++) {
      // Signed anew now and then: AWS (and the emulator) refuse a signature more than 15 minutes old.
      if (done > 0 && done % RESIGN_EVERY === 0) request = await signedGetCallerIdentity()
      const result = await handleAwsRequest(state, request, meta)
      if (result.kind !== 'response' || result.response.status !== 200) throw new Error('GetCallerIdentity failed')
      if (done % RSS_EVERY === 0) peak = Math.max(peak, process.memoryUsage.rss())
    }
    samples.push([done, Number((Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024).toFixed(1))])
    if (gc) {
      gc()
      retained.push([done, Number((process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1))])
    }
  }
  return { calls, auditWindow: state.callLog.limit, samples, retained }
}

/**
 * The same, in a new Node process of its own, so its RSS is not that of the bench's earlier stages
 * (a year of history, 50k log groups) which this process's heap may still hold on to.
 */
export function auditMemoryInOwnProcess(calls = 1_000_000): Promise<AuditMemoryResult> {
  return runOwnProcess<AuditMemoryResult>(['audit-memory', String(calls)])
}

/** Runs this module with `args` in a new Node process; resolves with the JSON it prints. */
function runOwnProcess<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url)
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`bench ${args[0]} exited ${code}`)),
    )
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [stage, size] = process.argv.slice(2)
  if (stage === 'audit-memory') process.stdout.write(JSON.stringify(await auditMemory(Number(size))))
  if (stage === 'page-log-groups') process.stdout.write(JSON.stringify(await pageLogGroups(Number(size))))
}
