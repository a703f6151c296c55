/**
 * Credential and region failures per protocol, through the real SDK clients: each fails the way
 * AWS fails in that protocol (code, HTTP status, message; sources: harness/emulator/FACTS.md).
 */
import { AccountClient, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installTestServices } from '../protocols/test-services.js'
import {
  advanceClock,
  type ClientConfig,
  failure,
  signedRequest,
  type TestCredentials,
  withEmulator,
} from '../testing.js'
import type { EmulatorState } from './state.js'
import { MANAGEMENT_ACCOUNT_ID } from './state.js'

let restore: () => void
beforeAll(() => {
  restore = installTestServices()
})
afterAll(() => restore())

interface ProtocolCase {
  protocol: string
  call(config: ClientConfig): Promise<unknown>
  invalidToken: { name: string; status: number; message: string }
  signature: { name: string; status: number }
  expired: { name: string; status: number; message: string }
  /** `message`: AWS's wire text, where a source shows it (FACTS.md). */
  missingAuth: { name: string; status: number; message?: string }
  unsigned: { path: string; headers: Record<string, string>; body: string }
  regional: boolean
}

const INVALID = 'The security token included in the request is invalid.'
const EXPIRED = 'The security token included in the request is expired'
const EC2_AUTH = 'AWS was not able to validate the provided access credentials'
const MISSING_TOKEN = 'Request is missing Authentication Token'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

function errorCodeOf(body: string, headers: Headers): string | undefined {
  return headers.get('x-amzn-errortype') ?? /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? JSON.parse(body).__type
}

const CASES: ProtocolCase[] = [
  {
    protocol: 'json (Logs)',
    call: (config) => new CloudWatchLogsClient(config).send(new DescribeLogGroupsCommand({})),
    invalidToken: { name: 'UnrecognizedClientException', status: 400, message: INVALID },
    signature: { name: 'InvalidSignatureException', status: 400 },
    expired: { name: 'ExpiredTokenException', status: 400, message: EXPIRED },
    missingAuth: { name: 'MissingAuthenticationTokenException', status: 400, message: MISSING_TOKEN },
    unsigned: {
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      body: '{}',
    },
    regional: true,
  },
  {
    protocol: 'rest-json (Account)',
    call: (config) => new AccountClient(config).send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' })),
    invalidToken: { name: 'UnrecognizedClientException', status: 403, message: INVALID },
    signature: { name: 'InvalidSignatureException', status: 403 },
    expired: { name: 'ExpiredTokenException', status: 403, message: EXPIRED },
    missingAuth: { name: 'MissingAuthenticationTokenException', status: 403 },
    unsigned: { path: '/getRegionOptStatus', headers: { 'content-type': 'application/json' }, body: '{}' },
    regional: false,
  },
  {
    protocol: 'query (STS)',
    call: (config) => new STSClient(config).send(new GetCallerIdentityCommand({})),
    invalidToken: { name: 'InvalidClientTokenId', status: 403, message: INVALID },
    signature: { name: 'SignatureDoesNotMatch', status: 403 },
    expired: { name: 'ExpiredToken', status: 403, message: EXPIRED },
    missingAuth: { name: 'MissingAuthenticationToken', status: 403, message: MISSING_TOKEN },
    unsigned: { path: '/', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
    regional: true,
  },
  {
    protocol: 'ec2 (EC2)',
    call: (config) => new EC2Client(config).send(new DescribeVpcsCommand({})),
    invalidToken: { name: 'AuthFailure', status: 401, message: EC2_AUTH },
    signature: { name: 'AuthFailure', status: 401 },
    expired: { name: 'RequestExpired', status: 400, message: 'Request has expired.' },
    missingAuth: { name: 'AuthFailure', status: 401 },
    unsigned: { path: '/', headers: FORM, body: 'Action=DescribeVpcs&Version=2016-11-15' },
    regional: true,
  },
]

const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
})

/** An administrator role `Runner` in the management account, straight into state. */
function addRunnerRole(state: EmulatorState): void {
  const permissions = { trustPolicy: '{}', inlinePolicies: { admin: ADMIN_POLICY }, attachedPolicyArns: [] }
  state.accounts.get(MANAGEMENT_ACCOUNT_ID)!.iam.roles.set('runner', {
    roleId: 'AROAEXAMPLEROLE00001',
    roleName: 'Runner',
    path: '/',
    arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:role/Runner`,
    createdAt: new Date(0),
    maxSessionDuration: 3600,
    tags: [],
    current: permissions,
    versions: [{ effectiveAt: new Date(0), permissions }],
  })
}

/** Session credentials for the Runner role in the management account, straight into state. */
function addSession(
  state: EmulatorState,
  options: { expiresInMs?: number; tokenVersion?: 'v1' | 'v2'; accessKeyId?: string } = {},
): TestCredentials & { sessionToken: string } {
  const accessKeyId = options.accessKeyId ?? 'ASIATESTSESSION00001'
  addRunnerRole(state)
  const now = state.clock.now()
  const creds = { accessKeyId, secretAccessKey: 'session-secret', sessionToken: `token-${accessKeyId}` }
  state.credentials.set(accessKeyId, {
    ...creds,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + (options.expiresInMs ?? 3_600_000)),
    caller: {
      accountId: MANAGEMENT_ACCOUNT_ID,
      arn: `arn:aws:sts::${MANAGEMENT_ACCOUNT_ID}:assumed-role/Runner/s1`,
      principalType: 'assumed-role',
      userId: 'AROAEXAMPLEROLE00001:s1',
      accessKeyId,
      roleArn: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:role/Runner`,
      roleName: 'Runner',
      sessionName: 's1',
      tokenVersion: options.tokenVersion ?? 'v2',
      expiresAt: new Date(now.getTime() + (options.expiresInMs ?? 3_600_000)),
    },
  })
  return creds
}

describe.each(CASES)('$protocol credentials', (c) => {
  const emu = withEmulator()

  it('serves the admin credentials', async () => {
    await c.call(emu.clientConfig('us-east-1'))
  })

  it('rejects an unknown access key', async () => {
    const error = await failure(
      c.call(emu.clientConfig('us-east-1', { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' })),
    )
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual(c.invalidToken)
  })

  it('rejects a wrong secret', async () => {
    const error = await failure(
      c.call(emu.clientConfig('us-east-1', { accessKeyId: 'test', secretAccessKey: 'wrong' })),
    )
    expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual(c.signature)
    if (c.signature.name !== 'AuthFailure') {
      expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided\./)
    }
  })

  it('accepts valid session credentials and rejects a missing or wrong session token', async () => {
    const session = addSession(emu.state)
    await c.call(emu.clientConfig('us-east-1', session))
    const { sessionToken: _omitted, ...withoutToken } = session
    const missing = await failure(c.call(emu.clientConfig('us-east-1', withoutToken)))
    expect(missing.name).toBe(c.invalidToken.name)
    const wrong = await failure(c.call(emu.clientConfig('us-east-1', { ...session, sessionToken: 'forged' })))
    expect(wrong.name).toBe(c.invalidToken.name)
  })

  it('rejects expired session credentials', async () => {
    const session = addSession(emu.state, { expiresInMs: 60_000 })
    emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 120_000))
    const error = await failure(c.call(emu.clientConfig('us-east-1', session)))
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual(c.expired)
  })

  it('rejects an unsigned request', async () => {
    const response = await fetch(`${emu.endpoint}${c.unsigned.path}`, {
      method: 'POST',
      headers: c.unsigned.headers,
      body: c.unsigned.body,
    })
    expect(response.status).toBe(c.missingAuth.status)
    const body = await response.text()
    expect(errorCodeOf(body, response.headers)).toBe(c.missingAuth.name)
    if (c.missingAuth.message) expect(body).toContain(c.missingAuth.message)
  })
})

describe.each(CASES.filter((c) => c.regional))('$protocol opt-in regions', (c) => {
  const emu = withEmulator()

  it('fails in a disabled opt-in region, and while it is still ENABLING', async () => {
    const disabled = await failure(c.call(emu.clientConfig('ap-east-1')))
    expect({ name: disabled.name, status: disabled.$metadata.httpStatusCode, message: disabled.message }).toEqual(
      c.invalidToken,
    )
    const account = emu.state.accounts.get(MANAGEMENT_ACCOUNT_ID)!
    account.regions.set('ap-east-1', {
      status: 'ENABLING',
      readyAt: new Date(emu.state.clock.now().getTime() + 3_600_000),
    })
    expect((await failure(c.call(emu.clientConfig('ap-east-1')))).name).toBe(c.invalidToken.name)
  })

  it('works once the region is ENABLED and its settle delay has passed, not before', async () => {
    const account = emu.state.accounts.get(MANAGEMENT_ACCOUNT_ID)!
    // An hour-long settle (3.6 s on this clock) cannot pass between two calls; the clock moves it on.
    emu.state.durations.regionSettleMs = 3_600_000
    account.regions.set('ap-east-1', { status: 'ENABLING', readyAt: emu.state.clock.now() })
    // ENABLED at once, but the region's services only answer after the settle delay.
    expect((await failure(c.call(emu.clientConfig('ap-east-1')))).name).toBe(c.invalidToken.name)
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    await c.call(emu.clientConfig('ap-east-1'))
  })

  it('rejects v1 (global endpoint) session tokens in an enabled opt-in region but not elsewhere', async () => {
    emu.state.accounts
      .get(MANAGEMENT_ACCOUNT_ID)!
      .regions.set('me-south-1', { status: 'ENABLED', readyAt: new Date(0) })
    const v1 = addSession(emu.state, { tokenVersion: 'v1', accessKeyId: 'ASIATESTSESSIONV1001' })
    const v2 = addSession(emu.state, { tokenVersion: 'v2', accessKeyId: 'ASIATESTSESSIONV2001' })
    expect((await failure(c.call(emu.clientConfig('me-south-1', v1)))).name).toBe(c.invalidToken.name)
    await c.call(emu.clientConfig('eu-west-1', v1))
    await c.call(emu.clientConfig('me-south-1', v2))
  })

  it('treats an unknown region like a disabled one', async () => {
    expect((await failure(c.call(emu.clientConfig('xx-nowhere-9')))).name).toBe(c.invalidToken.name)
  })
})

describe('request integrity', () => {
  const emu = withEmulator()
  const target = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }

  it('rejects a body that does not match the signed x-amz-content-sha256', async () => {
    const honest = await signedRequest(emu.endpoint, {
      service: 'logs',
      headers: {
        ...target,
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      body: '',
    })
    expect(honest.status).toBe(200)
    const tampered = await signedRequest(emu.endpoint, {
      service: 'logs',
      headers: {
        ...target,
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      body: '{"limit": 1}',
    })
    expect(tampered.status).toBe(400)
    expect(JSON.parse(tampered.body).__type).toBe('InvalidSignatureException')
  })

  it('rejects a malformed Authorization header', async () => {
    const response = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { ...target, authorization: 'AWS4-HMAC-SHA256 Credential=test' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(JSON.parse(await response.text()).__type).toBe('IncompleteSignatureException')
  })

  it('says it needs X-Amz-Date when a request is dated only by its Date header, not that a Date header is missing', async () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/logs/aws4_request, SignedHeaders=date;host, Signature=' +
      '0'.repeat(64)
    const dated = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { ...target, authorization, date: 'Mon, 07 Dec 2026 12:00:00 GMT' },
      body: '{}',
    })
    expect(dated.status).toBe(400)
    const body = JSON.parse(await dated.text())
    expect(body.__type).toBe('IncompleteSignatureException')
    expect(body.message).toMatch(/dated by the 'X-Amz-Date' header; this request has only a 'Date' header/)
    // A malformed X-Amz-Date beside a Date header is not "only a Date header": AWS's own words, as with neither.
    const malformed = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { ...target, authorization, date: 'Mon, 07 Dec 2026 12:00:00 GMT', 'x-amz-date': 'yesterday' },
      body: '{}',
    })
    expect(JSON.parse(await malformed.text()).message).toBe(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
    // With neither, AWS's own words.
    const undated = await fetch(emu.endpoint, { method: 'POST', headers: { ...target, authorization }, body: '{}' })
    expect(JSON.parse(await undated.text()).message).toBe(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
  })
})
