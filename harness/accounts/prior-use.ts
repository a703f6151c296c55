/**
 * Before an account is trusted as fresh for (operation, region) pairs, its CloudTrail event history
 * is asked whether anything already used them: organization-wide StackSets, Control Tower baselines,
 * AWS Config and GuardDuty act in new accounts before harness does (aws-facts.md §11). Event history
 * keeps 90 days per region; LookupEvents filters on one attribute, so one lookup per event name.
 * Only events without an `errorCode` are use (usage-keys.ts), the same rule as harness's own ledger.
 * CloudTrail delivers events minutes after the call (aws-facts §10): use in the last minutes is not seen.
 */
import { createRequire } from 'node:module'
import type * as SdkCloudtrail from '@aws-sdk/client-cloudtrail'
import { requestCarriesTags } from '../emulator/timeline/ledger.js'
import type { FoundUse } from './ledger.js'
import type { AccountSession } from './types.js'
import { eventNameOf } from './usage-keys.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
// Loaded at first use, once CreateAccount is sent (runtime/execute.ts loadAccountSdk), not at start-up.
const cloudTrailSdk = () => requireSdk('@aws-sdk/client-cloudtrail') as typeof SdkCloudtrail
type CloudTrailClient = SdkCloudtrail.CloudTrailClient

/** Freshness keys without region (`logs:CreateLogGroup+tags`) wanted fresh in each region. */
export type WantedFresh = Map<string, string[]>

interface TrailEvent {
  errorCode?: string
  eventSource?: string
  requestParameters?: Record<string, unknown> | null
  userIdentity?: { arn?: string; userName?: string }
}

/**
 * The wanted keys CloudTrail shows as already used before now (the target's clock: an emulator's may be
 * another date; on AWS the local one), with when and by whom: a run's own steps, which may start while it
 * asks, come after, and CloudTrail delivers them minutes later, long after these few lookups (aws-facts
 * §10), which covers a local clock a little ahead of AWS's. Never throws for "none found".
 */
export async function findPriorUse(session: AccountSession, wanted: WantedFresh): Promise<FoundUse[]> {
  const until = session.target.now ? await session.target.now() : new Date()
  const found: FoundUse[] = []
  for (const [region, keys] of wanted) {
    const client = new (cloudTrailSdk().CloudTrailClient)(
      session.clientConfig(region, session.adminCredentials(region)),
    )
    try {
      for (const eventName of new Set(keys.map(eventNameOf))) {
        const sameEvent = keys.filter((key) => eventNameOf(key) === eventName)
        found.push(...(await lookUp(client, region, eventName, sameEvent, until)))
      }
    } finally {
      client.destroy()
    }
  }
  return found
}

async function lookUp(client: CloudTrailClient, region: string, eventName: string, keys: string[], until: Date) {
  const { LookupEventsCommand } = cloudTrailSdk()
  const found = new Map<string, FoundUse>()
  let NextToken: string | undefined
  do {
    const page = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
        EndTime: until,
        NextToken,
      }),
    )
    for (const event of page.Events ?? []) {
      const detail = parseEvent(event.CloudTrailEvent)
      if (!detail || detail.errorCode) continue // a failed or denied call is not use
      for (const key of keys) {
        if (found.has(key) || !sameService(key, detail.eventSource)) continue
        if (key.endsWith('+tags') && !requestCarriesTags(detail.requestParameters ?? {})) continue
        found.set(key, {
          key: `${key}@${region}`,
          eventTime: (event.EventTime ?? new Date()).toISOString(),
          by: detail.userIdentity?.arn ?? event.Username,
        })
      }
    }
    NextToken = found.size === keys.length ? undefined : page.NextToken
  } while (NextToken)
  return [...found.values()]
}

function sameService(key: string, eventSource: string | undefined): boolean {
  if (!eventSource) return true
  const prefix = key.split(':')[0]
  const source = eventSource.split('.')[0]
  return source === prefix || (prefix === 'tag' && source === 'tagging')
}

function parseEvent(json: string | undefined): TrailEvent | undefined {
  if (!json) return undefined
  try {
    return JSON.parse(json) as TrailEvent
  } catch {
    return undefined
  }
}
