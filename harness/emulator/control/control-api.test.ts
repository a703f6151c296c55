import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installTestServices } from '../protocols/test-services.js'
import { controlHeaders, type TestEmulator, withEmulator } from '../testing.js'
import { liveResourcesAndCalls } from './control-api.js'

let restore: () => void
beforeAll(() => {
  restore = installTestServices()
})
afterAll(() => restore())

async function control(emu: TestEmulator, method: string, path: string, body?: string) {
  const response = await fetch(`${emu.endpoint}/_emulator${path}`, {
    method,
    body,
    headers: controlHeaders(emu.controlToken),
  })
  return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as any }
}

describe('control API', () => {
  const emu = withEmulator({ date: '2023-03-01T00:00:00Z' })

  it('reports health', async () => {
    const res = await control(emu, 'GET', '/health')
    expect(res).toMatchObject({ status: 200, type: 'application/json', json: { status: 'ok' } })
  })

  it('reads and sets the simulated clock', async () => {
    const before = await control(emu, 'GET', '/clock')
    expect(before.json.date.startsWith('2023-03-01T00:00')).toBe(true)
    expect(before.json.timeScale).toBe(0.001)
    const set = await control(emu, 'POST', '/clock', JSON.stringify({ date: '2024-06-01T12:00:00Z' }))
    expect(set.status).toBe(200)
    expect(set.json.date.startsWith('2024-06-01T12:00')).toBe(true)
    expect(emu.state.clock.now().getUTCFullYear()).toBe(2024)
    const advanced = await control(emu, 'POST', '/clock', JSON.stringify({ advanceMs: 86_400_000 }))
    expect(advanced.json.date.startsWith('2024-06-02T12:00')).toBe(true)
  })

  it.each([
    { body: '', error: 'Request body is empty; expected JSON' },
    { body: '{"date":', error: 'Request body is not valid JSON' },
    { body: '{"when": "2024-01-01"}', error: '"date" must be a string' },
    { body: '{"advanceMs": -5}', error: '"advanceMs" must be a non-negative number of milliseconds' },
    { body: '{"advanceMs": "5"}', error: '"advanceMs" must be a non-negative number of milliseconds' },
    { body: '{"date": "yesterday"}', error: '"date" is not a valid ISO 8601 date: yesterday' },
    { body: '{"date": "2022-02-30"}', error: '"date" is not a valid ISO 8601 date: 2022-02-30' },
  ])('rejects a malformed clock body $body with 400', async ({ body, error }) => {
    const res = await control(emu, 'POST', '/clock', body)
    expect(res.status).toBe(400)
    expect(res.json.error).toContain(error)
  })

  it('lists calls with filters, never secrets', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'lg' }))
    await logs.send(new DescribeLogGroupsCommand({}))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'exists' })).catch(() => undefined)

    const all = await control(emu, 'GET', '/calls')
    expect(all.json.calls).toHaveLength(3)
    const creates = await control(emu, 'GET', '/calls?service=logs&operation=CreateLogGroup')
    expect(creates.json.calls.map((c: any) => [c.outcome, c.errorCode ?? null, c.httpStatus])).toEqual([
      ['success', null, 200],
      ['error', 'ResourceAlreadyExistsException', 400],
    ])
    expect(creates.json.calls[0]).toMatchObject({
      accountId: '111111111111',
      region: 'eu-west-1',
      principalArn: 'arn:aws:iam::111111111111:user/admin',
      accessKeyId: 'test',
    })
    expect(JSON.stringify(all.json)).not.toMatch(/secret/i)

    const none = await control(emu, 'GET', '/calls?accountId=222222222222')
    expect(none.json.calls).toEqual([])
    const bad = await control(emu, 'GET', '/calls?principal=x')
    expect(bad.status).toBe(400)
    expect(bad.json.error).toContain('Unknown filter principal')
    const failed = await control(emu, 'GET', '/calls?outcome=error')
    expect(failed.json.calls.map((c: any) => c.errorCode)).toEqual(['ResourceAlreadyExistsException'])
    const bogus = await control(emu, 'GET', '/calls?outcome=bogus')
    expect(bogus.status).toBe(400)
    expect(bogus.json.error).toBe("Unknown outcome 'bogus'; allowed: success, error")
  })

  it('reads in-process what /resources and every /calls page say over HTTP (HARNESS_EMULATOR_DUMP)', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-3'))
    for (let i = 0; i < 3; i++) await logs.send(new CreateLogGroupCommand({ logGroupName: `dumped-${i}` }))
    const pages: unknown[] = []
    let token: string | undefined
    do {
      const page = await control(emu, 'GET', `/calls?maxResults=2${token ? `&nextToken=${token}` : ''}`)
      pages.push(...page.json.calls)
      token = page.json.nextToken
    } while (token)
    const resources = (await control(emu, 'GET', '/resources')).json.resources
    const live = JSON.parse(JSON.stringify(await liveResourcesAndCalls(emu.state)))
    expect(live).toEqual({ resources, calls: pages })
    expect(live.calls.length).toBeGreaterThan(2)
  })

  it('lists live resources of every service', async () => {
    await new CloudWatchLogsClient(emu.clientConfig('eu-west-2')).send(
      new CreateLogGroupCommand({ logGroupName: 'kept' }),
    )
    const res = await control(emu, 'GET', '/resources')
    expect(res.status).toBe(200)
    expect(res.json.resources).toContainEqual({
      accountId: '111111111111',
      region: 'eu-west-2',
      type: 'AWS::Logs::LogGroup',
      id: 'kept',
      tags: {},
    })
  })

  it('resets to a fresh state with the same options', async () => {
    await new CloudWatchLogsClient(emu.clientConfig()).send(new DescribeLogGroupsCommand({}))
    const stateBefore = emu.state
    const res = await control(emu, 'POST', '/reset')
    expect(res.status).toBe(200)
    expect(emu.state).not.toBe(stateBefore)
    expect(emu.state.calls).toEqual([])
    expect(emu.state.clock.timeScale).toBe(0.001)
    expect(emu.state.credentials.has('test')).toBe(true)
  })

  it('sets fault rules and rejects non-JSON', async () => {
    const ok = await control(emu, 'POST', '/faults', '[]')
    expect(ok.status).toBe(200)
    const bad = await control(emu, 'POST', '/faults', 'nope')
    expect(bad.status).toBe(400)
    expect(bad.json.error).toContain('not valid JSON')
    const notRules = await control(emu, 'POST', '/faults', '"x"')
    expect(notRules.status).toBe(400)
  })

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const unknown = await control(emu, 'GET', '/nothing')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error).toBe('Unknown control endpoint GET /_emulator/nothing')
    const wrongMethod = await control(emu, 'DELETE', '/clock')
    expect(wrongMethod.status).toBe(405)
  })
})
