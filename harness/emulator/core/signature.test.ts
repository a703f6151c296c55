/**
 * The emulator's SigV4 verifier is hand-written (see signature.ts); @smithy/signature-v4, the signer every
 * SDK v3 client uses, is the reference. Each request below is signed by the library and must verify;
 * changing any signed part afterwards must not.
 */
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import type { IncomingRequest } from '../protocols/types.js'
import { parseAmzDate, parseAuthorization, verifySignature } from './signature.js'
import type { CredentialRecord } from './state.js'

interface Case {
  name: string
  service: string
  method: string
  /** As the SDK's serializers put it on the wire: already percent-encoded. */
  path: string
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  body?: string
  sessionToken?: string
}

const CASES: Case[] = [
  { name: 'awsJson POST', service: 'logs', method: 'POST', path: '/', body: '{"logGroupName":"/a/b"}' },
  {
    name: 'query GET with repeated keys',
    service: 'ec2',
    method: 'GET',
    path: '/',
    query: { Action: 'DescribeRegions', 'RegionName.1': 'us-east-1', Filter: ['b', 'a'] },
  },
  {
    name: 'query values needing encoding',
    service: 'iam',
    method: 'POST',
    path: '/',
    query: { Path: "/a b/!'()*~/", Empty: '' },
  },
  {
    name: 'REST path with encoded characters',
    service: 'lambda',
    method: 'GET',
    path: '/2015-03-31/functions/my%20fn%3Av1/configuration',
  },
  { name: 'S3 path signed as sent', service: 's3', method: 'PUT', path: '/bucket/a%20key/%C3%A9t%C3%A9', body: 'data' },
  {
    name: 'S3 unsigned payload',
    service: 's3',
    method: 'PUT',
    path: '/bucket/k',
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    body: 'x',
  },
  {
    name: 'headers with extra spaces',
    service: 'sts',
    method: 'POST',
    path: '/',
    headers: { 'x-amz-meta-note': '  two   spaces  ' },
    body: 'Action=GetCallerIdentity',
  },
  { name: 'a session token', service: 'ecr', method: 'POST', path: '/', body: '{}', sessionToken: 'token/with+chars=' },
]

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const SIGNING_DATE = new Date('2026-12-06T12:00:00Z')

async function signed(testCase: Case): Promise<IncomingRequest> {
  const signer = new SignatureV4({
    service: testCase.service,
    region: 'ap-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: testCase.sessionToken },
    // As the SDK's S3 client: the path is signed as sent, not encoded a second time.
    uriEscapePath: testCase.service !== 's3',
    applyChecksum: testCase.service === 's3',
  })
  const request = new HttpRequest({
    method: testCase.method,
    hostname: 'localhost',
    path: testCase.path,
    query: testCase.query ?? {},
    headers: { host: 'localhost:4566', 'content-type': 'application/x-amz-json-1.1', ...testCase.headers },
    body: testCase.body,
  })
  const out = await signer.sign(request, { signingDate: SIGNING_DATE })
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(testCase.query ?? {}))
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one)
  const headers = Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { method: testCase.method, rawPath: testCase.path, query, headers, body: Buffer.from(testCase.body ?? '') }
}

function record(sessionToken?: string): CredentialRecord {
  return {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    sessionToken,
    issuedAt: SIGNING_DATE,
    caller: {
      accountId: '111111111111',
      arn: 'arn:aws:iam::111111111111:root',
      principalType: 'root',
      userId: '111111111111',
      accessKeyId: 'AKIDEXAMPLE',
    },
  }
}

async function verifies(request: IncomingRequest, sessionToken?: string): Promise<boolean> {
  const auth = parseAuthorization(String(request.headers.authorization))
  const date = parseAmzDate(String(request.headers['x-amz-date']))
  if (!auth || !date) throw new Error('the signer produced no Authorization / X-Amz-Date header')
  return verifySignature(request, auth, record(sessionToken), date)
}

describe('SigV4 verification agrees with @smithy/signature-v4', () => {
  it.each(CASES)('$name: verifies as signed', async (testCase) => {
    expect(await verifies(await signed(testCase), testCase.sessionToken)).toBe(true)
  })

  it.each(CASES)('$name: a changed path, query, signed header or wrong secret does not verify', async (testCase) => {
    const request = await signed(testCase)
    const tampered: IncomingRequest[] = [
      { ...request, rawPath: `${request.rawPath}x` },
      { ...request, query: new URLSearchParams([...request.query, ['Extra', '1']]) },
      { ...request, headers: { ...request.headers, host: 'localhost:4567' } },
    ]
    for (const changed of tampered) expect(await verifies(changed, testCase.sessionToken)).toBe(false)
    const auth = parseAuthorization(String(request.headers.authorization))!
    const wrongSecret = { ...record(testCase.sessionToken), secretAccessKey: `${SECRET}x` }
    expect(await verifySignature(request, auth, wrongSecret, SIGNING_DATE)).toBe(false)
  })

  it('a signed body that changed does not verify', async () => {
    const request = await signed(CASES[0]!)
    expect(await verifies({ ...request, body: Buffer.from('{"logGroupName":"/a/c"}') })).toBe(false)
  })
})

describe('canonical header lists remembered per SignedHeaders text', () => {
  it('keep credentials with and without a session token apart for the same list', async () => {
    // The same SignedHeaders text verified for a session (whose token the verifier adds itself) and
    // for a long-term key, in turn: a list remembered for one must not be used for the other.
    const request = await signed(CASES[0]!)
    for (let round = 0; round < 2; round++) {
      expect(await verifies(request, 'token-the-client-did-not-sign')).toBe(false)
      expect(await verifies(request)).toBe(true)
    }
  })
})
