/**
 * What the user handed `harness explain` → a denial message, CloudTrail records, or an EC2 encoded
 * authorization message. Accepts a CloudTrail log file (`{ "Records": [...] }`, gzipped or not, as S3
 * delivers it), one record, a list of records, and `aws cloudtrail lookup-events` output.
 */
import { gunzipSync } from 'node:zlib'
import { HarnessError } from '../errors.js'
import type { CloudTrailRecord, TrailDenial } from '../outcomes/cloudtrail-event.js'
import type { DeniedDetails } from '../outcomes/types.js'

export type ExplainInput =
  | { kind: 'message'; text: string }
  | { kind: 'encoded-message'; blob: string }
  | { kind: 'cloudtrail'; records: CloudTrailRecord[] }
  | { kind: 'run-record'; runId: string; steps: DeniedStep[]; trail: TrailDenial[]; policy?: unknown }

/** A denied step of a stored run (reports/runs/<id>.json). */
export interface DeniedStep {
  scenario: string
  step: string
  region: string
  message: string
  /** What the run's parser read from the message, as the drift report used it. */
  denied?: DeniedDetails
}

/** EC2's blob alone: long, one token, base64url-ish (DecodeAuthorizationMessage EncodedMessage). */
const BARE_BLOB = /^[A-Za-z0-9_\-+/=]{64,}$/

export function readExplainInput(raw: Buffer, source: string): ExplainInput {
  const text = decodeBytes(raw, source).trim()
  if (text === '') throw new HarnessError('INPUT_INVALID', `${source}: empty input: nothing to explain.`)
  if (text.startsWith('{') || text.startsWith('[')) return readJson(text, source)
  if (BARE_BLOB.test(text)) return { kind: 'encoded-message', blob: text }
  return { kind: 'message', text }
}

function decodeBytes(raw: Buffer, source: string): string {
  // gzip magic number (RFC 1952): CloudTrail delivers its log files gzipped.
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw).toString('utf8')
    } catch (error) {
      throw new HarnessError('INPUT_INVALID', `${source}: not a readable gzip file: ${(error as Error).message}`)
    }
  }
  return raw.toString('utf8')
}

function readJson(text: string, source: string): ExplainInput {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new HarnessError(
      'INPUT_INVALID',
      `${source}: looks like JSON but does not parse: ${(error as Error).message}`,
    )
  }
  return runRecordOf(json) ?? { kind: 'cloudtrail', records: readRecords(json, source) }
}

/** A harness run record (reports/runs/<id>.json): its denied steps and its CloudTrail capture. */
function runRecordOf(json: unknown): ExplainInput | undefined {
  const record = json as { runId?: unknown; results?: unknown; trail?: { denials?: unknown }; policy?: unknown } | null
  if (typeof record?.runId !== 'string' || !Array.isArray(record.results)) return undefined
  const steps = (record.results as Array<Record<string, unknown>>).flatMap((result): DeniedStep[] => {
    const outcome = result?.outcome as { kind?: unknown; message?: unknown; denied?: unknown } | undefined
    if (outcome?.kind !== 'denied' || typeof outcome.message !== 'string') return []
    const { scenario, step, region } = result as { scenario: unknown; step: unknown; region: unknown }
    const denied =
      typeof outcome.denied === 'object' && outcome.denied !== null ? (outcome.denied as DeniedDetails) : undefined
    const where = { scenario: String(scenario), step: String(step), region: String(region) }
    return [{ ...where, message: outcome.message, ...(denied ? { denied } : {}) }]
  })
  const trail = Array.isArray(record.trail?.denials) ? (record.trail.denials as TrailDenial[]) : []
  const policy = record.policy !== undefined ? { policy: record.policy } : {}
  return { kind: 'run-record', runId: record.runId, steps, trail, ...policy }
}

function readRecords(json: unknown, source: string): CloudTrailRecord[] {
  const records = recordsOf(json)
  if (!records) {
    throw new HarnessError(
      'INPUT_INVALID',
      `${source}: JSON that is not a CloudTrail record: expected { "Records": [...] }, one record with eventName and eventSource, a list of records, or lookup-events output ({ "Events": [...] }).`,
    )
  }
  const bad = records.findIndex((record) => !isRecordShaped(record))
  if (bad >= 0) {
    throw new HarnessError('INPUT_INVALID', `${source}: record ${bad} is not a CloudTrail record (no eventName).`)
  }
  return records as CloudTrailRecord[]
}

function recordsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json
  if (typeof json !== 'object' || json === null) return undefined
  const object = json as Record<string, unknown>
  if (Array.isArray(object.Records)) return object.Records
  if (Array.isArray(object.Events)) return object.Events.map(lookupEventRecord)
  if (typeof object.eventName === 'string') return [object]
  return undefined
}

/** LookupEvents items carry the record as a JSON string in CloudTrailEvent. */
function lookupEventRecord(event: unknown): unknown {
  const inner = (event as { CloudTrailEvent?: unknown } | null)?.CloudTrailEvent
  if (typeof inner !== 'string') return event
  try {
    return JSON.parse(inner)
  } catch {
    return event
  }
}

function isRecordShaped(record: unknown): boolean {
  return (
    typeof record === 'object' && record !== null && typeof (record as { eventName?: unknown }).eventName === 'string'
  )
}
