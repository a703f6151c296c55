/**
 * The audit log is a bounded window: given an emulator keeping 8 calls, when 20 calls are made, then
 * `/_emulator/calls` pages through the newest ones, says how many were dropped, refuses a token whose
 * calls left the window, and CloudTrail LookupEvents tokens survive the window moving.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { deliverCloudTrail, withEmulator } from '../testing.js'
import { BoundedLog } from './audit-window.js'

async function calls(endpoint: string, query: string) {
  const response = await fetch(`${endpoint}/_emulator/calls${query}`)
  return { status: response.status, json: (await response.json()) as any }
}

describe('BoundedLog', () => {
  it('keeps at least the newest `limit` entries and counts the dropped ones', () => {
    const log = new BoundedLog<number>(16)
    for (let i = 0; i < 1_000; i++) log.push(i)
    expect(log.entries.length).toBeGreaterThanOrEqual(16)
    expect(log.entries.length).toBeLessThan(16 + 2)
    expect(log.entries.at(-1)).toBe(999)
    expect(log.dropped + log.entries.length).toBe(1_000)
    expect(log.entries[0]).toBe(log.dropped)
  })

  it.each([0, -1, 1.5])('refuses a window of %s', (limit) => {
    expect(() => new BoundedLog(limit)).toThrow(/audit window must be an integer ≥ 1/)
  })
})

describe('a bounded audit window over HTTP', () => {
  const emu = withEmulator({ date: '2024-05-01T00:00:00Z', auditWindow: 8 })

  it('pages the retained calls, names how many were dropped and refuses a token for dropped calls', async () => {
    const sts = new STSClient(emu.clientConfig())
    for (let i = 0; i < 20; i++) await sts.send(new GetCallerIdentityCommand({}))
    const first = await calls(emu.endpoint, '?maxResults=3')
    expect(first.status).toBe(200)
    expect(first.json.calls).toHaveLength(3)
    expect(first.json.droppedCalls).toBe(12)
    const seen = [...first.json.calls]
    let token: string | undefined = first.json.nextToken
    while (token) {
      const page = await calls(emu.endpoint, `?maxResults=3&nextToken=${token}`)
      seen.push(...page.json.calls)
      token = page.json.nextToken
    }
    expect(seen.map((c: any) => c.operation)).toEqual(Array(8).fill('GetCallerIdentity'))
    expect(new Set(seen.map((c: any) => c.requestId)).size).toBe(8)
    // When 10 more calls push the first page's calls out of the window, its token is stale.
    for (let i = 0; i < 10; i++) await sts.send(new GetCallerIdentityCommand({}))
    const stale = await calls(emu.endpoint, `?maxResults=3&nextToken=${first.json.nextToken}`)
    expect(stale.status).toBe(410)
    expect(stale.json.error).toContain('the audit window keeps the newest 8 calls')
  })

  it.each([
    ['?maxResults=0', 'maxResults must be an integer 1-10000'],
    ['?maxResults=10001', 'maxResults must be an integer 1-10000'],
    ['?nextToken=bm9wZQ', 'nextToken is not a token this emulator issued'],
  ])('answers %s with 400 naming the problem', async (query, error) => {
    const response = await calls(emu.endpoint, query)
    expect(response.status).toBe(400)
    expect(response.json.error).toContain(error)
  })

  it('keeps CloudTrail LookupEvents tokens valid while the window moves', async () => {
    const sts = new STSClient(emu.clientConfig())
    const trail = new CloudTrailClient(emu.clientConfig())
    for (let i = 0; i < 6; i++) await sts.send(new GetCallerIdentityCommand({}))
    await deliverCloudTrail(emu) // events are visible only after CloudTrail's delivery delay
    const first = await trail.send(new LookupEventsCommand({ MaxResults: 2 }))
    const stsEvents = emu.state.cloudTrail.filter((e) => e.eventName === 'GetCallerIdentity').map((e) => e.eventId)
    expect(first.Events?.map((e) => e.EventId)).toEqual(stsEvents.slice(-2).reverse())
    // New events arrive and the two oldest leave the window; the token still continues right below page one.
    for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}))
    await deliverCloudTrail(emu)
    expect(emu.state.cloudTrailLog.dropped).toBe(2)
    const next = await trail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken }))
    expect(next.Events?.map((e) => e.EventId)).toEqual(stsEvents.slice(-4, -2).reverse())
  })
})
