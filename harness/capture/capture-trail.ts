/**
 * CloudTrail capture after a run: LookupEvents in the run's account, in every region the run used, since the
 * account's creation (the target's own clock: the emulator's may be simulated), keeping failed calls whose
 * errorCode is a denial, including the ones AWS services made on the run's behalf (`invokedBy`). A denial
 * the scenario never saw as an error is still found. LookupEvents allows 2 requests per second per
 * region (aws-facts §10): regions are read side by side, each region's pages paced on their own, throttling
 * retried by the SDK.
 * Never throws: a region that cannot be read is a problem in the capture, not a failed run.
 */
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import type * as SdkCloudTrail from '@aws-sdk/client-cloudtrail'
import type { TrailCapture } from '../history/types.js'
import { type CloudTrailRecord, type TrailDenial, trailDenialOf } from '../outcomes/cloudtrail-event.js'
import { redactSecrets } from '../outcomes/redact.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing, of every module it re-exports too).
const requireSdk = createRequire(import.meta.url)
// Loaded at first use, once CreateAccount is sent (runtime/execute.ts loadAccountSdk), not at start-up.
const cloudTrailSdk = () => requireSdk('@aws-sdk/client-cloudtrail') as typeof SdkCloudTrail

/** Builds an SDK client with the run account's administrator credentials (structurally runtime's ClientFactory). */
export type AdminClients = <C>(ClientClass: new (config: any) => C) => C

export interface CaptureInput {
  regions: string[]
  /** Server-side time the account was created: the start of the run's window. */
  since: Date
  /** Administrator clients in the run's account, per region. */
  admin: (region: string) => AdminClients
  /** Pause between pages of one region (LookupEvents: 2 requests per second). */
  pageIntervalMs?: number
  /** Principals whose denials are not the run's (harness's own administrator sessions retrying IAM propagation). */
  ignorePrincipal?: (arn: string) => boolean
  /** How long to let CloudTrail deliver the run's last calls before looking (see deliveryWaitMs). */
  deliveryWaitMs?: number
  /**
   * When a region's own calls ended (Date.now()): its events are delivered `deliveryWaitMs` after, so a
   * region done early is read while the others are still delivering. Absent for a region: now.
   */
  doneAt?: (region: string) => number | undefined
  signal?: AbortSignal
}

/**
 * "CloudTrail typically delivers logs within an average of about 5 minutes of an API call. This time is not
 * guaranteed." (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html)
 * On AWS the capture waits that average; calls delivered later are missed (the record says so).
 */
export const AWS_CLOUDTRAIL_DELIVERY_WAIT_MS = 5 * 60_000

/** harness's administrator and management sessions (credentials/session.ts, management.ts). */
export function isHarnessAdministrator(arn: string): boolean {
  return /:assumed-role\/[^/]+\/harness-(?:admin|management)(?:-|$)/.test(arn)
}

export const PAGE_INTERVAL_MS = 500
/** Enough pages for any run's window; beyond that the capture says it stopped. */
const MAX_PAGES = 40

export async function captureTrail(input: CaptureInput): Promise<TrailCapture> {
  const capture: TrailCapture = { regions: input.regions, since: input.since.toISOString(), denials: [], problems: [] }
  const now = Date.now()
  // The limit is per region, so reading them one after another would only add up their page intervals.
  const perRegion = await Promise.all(
    input.regions.map(async (region) => {
      const deliveredAt = (input.doneAt?.(region) ?? now) + (input.deliveryWaitMs ?? 0)
      return (await untilDelivered(deliveredAt, input.signal)) ? readRegion(input, region) : undefined
    }),
  )
  // Regions read before an interrupt keep what they found; the others are named.
  const unread = input.regions.filter((_, index) => perRegion[index] === undefined)
  for (const read of perRegion) {
    capture.denials.push(...(read?.denials ?? []))
    capture.problems.push(...(read?.problems ?? []))
  }
  if (unread.length > 0)
    capture.problems.push(
      `interrupted while waiting for CloudTrail to deliver the run's events; not looked up${unread.length < input.regions.length ? ` in ${unread.join(', ')}` : ''}`,
    )
  return capture
}

/** False when interrupted first. */
async function untilDelivered(deliveredAt: number, signal: AbortSignal | undefined): Promise<boolean> {
  const waitMs = deliveredAt - Date.now()
  return waitMs <= 0 || (await sleep(waitMs, true, { signal }).catch(() => false))
}

/** One region's denials and problems, kept apart so the capture lists them in the regions' order. */
async function readRegion(input: CaptureInput, region: string): Promise<Pick<TrailCapture, 'denials' | 'problems'>> {
  const problems: string[] = []
  try {
    return { denials: await regionDenials(input, region, problems), problems }
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error'
    problems.push(`${region}: LookupEvents failed: ${name}: ${redactSecrets((error as Error).message)}`)
    return { denials: [], problems }
  }
}

async function regionDenials(input: CaptureInput, region: string, problems: string[]): Promise<TrailDenial[]> {
  const { CloudTrailClient, LookupEventsCommand } = cloudTrailSdk()
  const client = input.admin(region)(CloudTrailClient)
  const denials: TrailDenial[] = []
  let NextToken: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    if (page > 0) await sleep(input.pageIntervalMs ?? PAGE_INTERVAL_MS)
    const output = await client.send(new LookupEventsCommand({ StartTime: input.since, MaxResults: 50, NextToken }))
    for (const event of output.Events ?? []) {
      const denial = event.CloudTrailEvent ? denialOf(event.CloudTrailEvent) : undefined
      if (denial && !(denial.principalArn && input.ignorePrincipal?.(denial.principalArn))) denials.push(denial)
    }
    NextToken = output.NextToken
    if (!NextToken) return denials.reverse()
  }
  problems.push(`${region}: stopped after ${MAX_PAGES} pages of events; older denials may be missing`)
  return denials.reverse()
}

function denialOf(json: string): TrailDenial | undefined {
  try {
    return trailDenialOf(JSON.parse(json) as CloudTrailRecord)
  } catch {
    return undefined
  }
}
