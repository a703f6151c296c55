/**
 * The control API only its owner can use: the token on every mutation, no cross-origin or non-JSON
 * requests, loopback Host on a loopback listener, bounded inputs, and no input that leaves the
 * emulator answering 500 afterwards. Requests go over real HTTP (node:http where a Host header is forged).
 */
import { request } from 'node:http'
import { CloudWatchLogsClient, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { startEmulator } from '../server.js'
import { controlHeaders, withEmulator } from '../testing.js'

interface Answer {
  status: number
  error?: string
}

async function post(endpoint: string, path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${endpoint}/_emulator${path}`, { method: 'POST', body, headers })
  const json = (await response.json()) as { error?: string }
  return { status: response.status, error: json.error }
}

function rawGet(endpoint: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(endpoint)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, error: (JSON.parse(text) as { error?: string }).error }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('control API access', () => {
  const emu = withEmulator({ date: '2024-01-01T00:00:00Z' })
  const clock = JSON.stringify({ date: '2025-01-01T00:00:00Z' })

  it('refuses a mutation without the token, or with a wrong one, and leaves the clock alone', async () => {
    const none = await post(emu.endpoint, '/clock', clock, { 'content-type': 'application/json' })
    expect(none).toMatchObject({ status: 401, error: expect.stringContaining('Authorization: Bearer <token>') })
    const wrong = await post(emu.endpoint, '/reset', '{}', controlHeaders('not-the-token-at-all-000000000000'))
    expect(wrong.status).toBe(401)
    expect(emu.state.clock.now().getUTCFullYear()).toBe(2024)
    expect((await post(emu.endpoint, '/clock', clock, controlHeaders(emu.controlToken))).status).toBe(200)
    expect(emu.state.clock.now().getUTCFullYear()).toBe(2025)
  })

  it('refuses the text/plain POST a web page can send without a preflight, even with the token', async () => {
    const headers = { ...controlHeaders(emu.controlToken), 'content-type': 'text/plain' }
    expect(await post(emu.endpoint, '/reset', '{}', headers)).toMatchObject({ status: 415 })
  })

  it.each([
    ['an Origin header', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses a cross-origin request (%s), reads included', async (_name, extra) => {
    const mutation = await post(emu.endpoint, '/reset', '{}', { ...controlHeaders(emu.controlToken), ...extra })
    expect(mutation).toMatchObject({ status: 403, error: expect.stringContaining('Cross-origin') })
    expect((await rawGet(emu.endpoint, '/_emulator/calls', extra)).status).toBe(403)
  })

  it('refuses a Host that is not loopback (DNS rebinding) and accepts localhost', async () => {
    const rebound = await rawGet(emu.endpoint, '/_emulator/resources', { host: 'attacker.example:80' })
    expect(rebound).toMatchObject({ status: 403, error: expect.stringContaining('loopback') })
    expect((await rawGet(emu.endpoint, '/_emulator/health', { host: 'localhost:4566' })).status).toBe(200)
  })

  it.each([
    ['advanceMs 1e308', { advanceMs: 1e308 }],
    ['advanceMs past year 2999', { advanceMs: 1000 * 365 * 86_400_000 }],
    ['a date past the range', { date: '+275760-09-13T00:00:00Z' }],
    ['a date before 2000', { date: '1969-12-31T00:00:00Z' }],
  ])('refuses %s with 400, and the emulator keeps answering', async (_name, body) => {
    const answer = await post(emu.endpoint, '/clock', JSON.stringify(body), controlHeaders(emu.controlToken))
    expect(answer).toMatchObject({ status: 400, error: expect.stringContaining('the clock is unchanged') })
    expect(emu.state.clock.now().getUTCFullYear()).toBe(2024)
    const logs = new CloudWatchLogsClient(emu.clientConfig('us-east-1'))
    await expect(logs.send(new DescribeLogGroupsCommand({}))).resolves.toBeDefined()
    expect((await fetch(`${emu.endpoint}/_emulator/health`)).status).toBe(200)
  })

  it('refuses an API request body over 16 MiB with a 413 that names the limit, in the protocol the client speaks', async () => {
    const limit = 'Request body too large: the harness emulator reads at most 16777216 bytes (16 MiB)'
    const response = await fetch(emu.endpoint, { method: 'POST', body: Buffer.alloc(16 * 1024 * 1024 + 1) })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ __type: 'RequestEntityTooLarge', message: limit })
    // Through the SDK: S3 reads its <Error> XML, CloudWatch Logs its JSON, each into a named error.
    const s3 = new S3Client({ ...emu.clientConfig('us-east-1'), forcePathStyle: true })
    await s3.send(new CreateBucketCommand({ Bucket: 'too-large' }))
    const put = s3.send(
      new PutObjectCommand({ Bucket: 'too-large', Key: 'big', Body: Buffer.alloc(16 * 1024 * 1024 + 1) }),
    )
    await expect(put).rejects.toMatchObject({
      name: 'RequestEntityTooLarge',
      message: limit,
      $metadata: { httpStatusCode: 413 },
    })
    const logs = new CloudWatchLogsClient(emu.clientConfig('us-east-1'))
    const events = [{ timestamp: 0, message: 'x'.repeat(16 * 1024 * 1024) }]
    const putEvents = logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: events }))
    await expect(putEvents).rejects.toMatchObject({
      name: 'RequestEntityTooLarge',
      message: limit,
      $metadata: { httpStatusCode: 413 },
    })
    // The control API keeps its own JSON.
    const control = await fetch(`${emu.endpoint}/_emulator/clock`, {
      method: 'POST',
      body: Buffer.alloc(16 * 1024 * 1024 + 1),
    })
    expect(control.status).toBe(413)
    expect(await control.json()).toEqual({ error: limit })
  })

  it('bounds control inputs: body size, realism knobs, fault rules', async () => {
    const headers = controlHeaders(emu.controlToken)
    const huge = JSON.stringify({ date: 'x'.repeat(2 * 1024 * 1024) })
    expect((await post(emu.endpoint, '/clock', huge, headers)).status).toBe(413)
    const latency = await post(
      emu.endpoint,
      '/config',
      JSON.stringify({ durations: { perCallLatencyMs: 1e12 } }),
      headers,
    )
    expect(latency.status).toBe(400)
    const quota = await post(emu.endpoint, '/config', JSON.stringify({ maxAccounts: 1e9 }), headers)
    expect(quota.status).toBe(400)
    const rules = Array.from({ length: 1001 }, () => ({ fault: 'throttle' }))
    const faults = await post(emu.endpoint, '/faults', JSON.stringify(rules), headers)
    expect(faults).toMatchObject({ status: 400, error: expect.stringContaining('at most 1000') })
  })
})

describe('listening beyond loopback', () => {
  it('is refused unless allowed explicitly', async () => {
    await expect(startEmulator({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0/)
  })

  it('works when allowed, and still needs the token', async () => {
    const emulator = await startEmulator({ host: '0.0.0.0', port: 0, allowRemote: true })
    try {
      const endpoint = `http://127.0.0.1:${emulator.port}`
      expect((await post(endpoint, '/reset', '{}', { 'content-type': 'application/json' })).status).toBe(401)
      expect((await post(endpoint, '/reset', '{}', controlHeaders(emulator.controlToken))).status).toBe(200)
    } finally {
      await emulator.stop()
    }
  })
})
