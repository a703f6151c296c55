import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { controlHeaders } from '../emulator/control/access.js'
import { startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import { HarnessError } from '../errors.js'
import { createLocalTarget, emulatorDurationsBehind, emulatorTimeScaleBehind, resolveTarget } from './management.js'
import { expectedWaitBackoff } from './retry.js'

const CREDENTIAL_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
]

describe('resolveTarget on AWS without credentials', () => {
  let saved: Record<string, string | undefined>
  beforeEach(() => {
    saved = Object.fromEntries(CREDENTIAL_ENV.map((name) => [name, process.env[name]]))
    for (const name of CREDENTIAL_ENV) delete process.env[name]
    // Given a machine where the standard chain finds nothing at all:
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent'
    process.env.AWS_CONFIG_FILE = '/nonexistent'
    process.env.AWS_EC2_METADATA_DISABLED = 'true'
  })
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  const failure = (options: Parameters<typeof resolveTarget>[0]) =>
    resolveTarget(options).then(
      () => undefined,
      (e: unknown) => e,
    )

  it('fails with CREDENTIALS_UNAVAILABLE (exit 2) naming the default chain, never falling back', async () => {
    const error = await failure({ kind: 'aws' })
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' })
    expect((error as Error).message).toMatch(
      /^--target aws needs usable management-account credentials, but the default credential chain gave none that work/,
    )
  })

  it('names the profile that could not be used', async () => {
    const error = await failure({ kind: 'aws', profile: 'harness-missing' })
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' })
    expect((error as Error).message).toContain('profile "harness-missing"')
  })

  it('names the role it was asked to assume', async () => {
    const error = await failure({ kind: 'aws', roleArn: 'arn:aws:iam::123456789012:role/harness-management' })
    expect(error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' })
    expect((error as Error).message).toContain(
      'role arn:aws:iam::123456789012:role/harness-management assumed with the default credential chain',
    )
  })
})

describe('resolveTarget on the emulator', () => {
  let emulator: TestEmulator | undefined
  afterEach(async () => {
    await emulator?.stop()
    emulator = undefined
  })

  it('uses the documented test/test administrator, proven with GetCallerIdentity, and reads the simulated clock', async () => {
    emulator = await startTestEmulator({ date: '2022-11-10T00:00:00Z' })
    const target = await resolveTarget({
      kind: 'local',
      endpoint: emulator.endpoint,
      globalStsEndpoint: emulator.globalStsEndpoint,
    })
    expect(target).toMatchObject({ kind: 'local', endpoint: emulator.endpoint, homeRegion: 'us-east-1' })
    expect(target.managementIdentity).toEqual({
      accountId: '111111111111',
      arn: 'arn:aws:iam::111111111111:user/admin',
    })
    expect((await target.now?.())?.toISOString().slice(0, 10)).toBe('2022-11-10')
  })

  it("reads the emulator's own durations, so polls fit one started faster (or slower) than AWS", async () => {
    emulator = await startTestEmulator({ durations: { createAccountMs: 500, enableRegionMs: 2_000 } })
    const target = await resolveTarget({ kind: 'local', endpoint: emulator.endpoint })
    expect(target.expectedMs).toMatchObject({ account: 500, region: 2_000, propagation: 10_000 })
    // The first look at account creation comes when this emulator says it is done, not after AWS's minute.
    expect(expectedWaitBackoff({ ...target, timeScale: 1 }, 'account').firstLookMs).toBe(500)
  })

  it('reads an in-process emulator clock directly, seeing a move at once; other emulators over HTTP', async () => {
    emulator = await startTestEmulator({ date: '2022-11-10T00:00:00Z' })
    const target = createLocalTarget({ endpoint: `${emulator.endpoint}/` })
    const clockRequests: string[] = []
    const realFetch = globalThis.fetch
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      clockRequests.push(String(input))
      return realFetch(input, init)
    })
    try {
      expect((await target.now?.())?.toISOString().slice(0, 10)).toBe('2022-11-10')
      // A clock moved through the control API (as tests and `harness emulator clock` do) is seen at once.
      await realFetch(`${emulator.endpoint}/_emulator/clock`, {
        method: 'POST',
        headers: controlHeaders(emulator.controlToken),
        body: JSON.stringify({ date: '2023-01-02T00:00:00Z' }),
      })
      expect((await target.now?.())?.toISOString().slice(0, 10)).toBe('2023-01-02')
      expect(clockRequests).toEqual([])
      // An endpoint no emulator in this process serves is asked over HTTP.
      const elsewhere = createLocalTarget({ endpoint: emulator.globalStsEndpoint.replace('/global-sts', '/x') })
      await elsewhere.now?.()
      expect(clockRequests).toEqual([`${emulator.endpoint}/x/_emulator/clock`])
    } finally {
      spy.mockRestore()
    }
  })

  it("works with AWS_USE_FIPS_ENDPOINT set for the user's AWS work: no FIPS endpoint exists beside a custom one", async () => {
    emulator = await startTestEmulator()
    const saved = process.env.AWS_USE_FIPS_ENDPOINT
    process.env.AWS_USE_FIPS_ENDPOINT = 'true'
    try {
      const target = await resolveTarget({ kind: 'local', endpoint: emulator.endpoint })
      expect(target.managementIdentity?.accountId).toBe('111111111111')
    } finally {
      if (saved === undefined) delete process.env.AWS_USE_FIPS_ENDPOINT
      else process.env.AWS_USE_FIPS_ENDPOINT = saved
    }
  })

  it('fails with EMULATOR_FAILED when nothing answers at the endpoint', async () => {
    const error = await resolveTarget({ kind: 'local', endpoint: 'http://127.0.0.1:9' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'EMULATOR_FAILED' })
    expect((error as Error).message).toMatch(
      /^the emulator at http:\/\/127\.0\.0\.1:9 did not answer STS GetCallerIdentity/,
    )
  })
})

describe('--target aws through a custom AWS_ENDPOINT_URL', () => {
  let emulator: TestEmulator | undefined
  const names = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']
  let saved: Record<string, string | undefined>
  beforeEach(() => {
    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]))
  })
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await emulator?.stop()
    emulator = undefined
  })

  it('a harness emulator behind it: still the aws target, with the emulator time scale its polls are sized to', async () => {
    emulator = await startTestEmulator({ timeScale: 0.002 })
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    })
    delete process.env.AWS_PROFILE
    const target = await resolveTarget({ kind: 'aws', timeScale: 0.5 })
    // The given (embedded emulator's) time scale is not the target's: only the one read behind the endpoint is.
    expect(target).toMatchObject({ kind: 'aws', timeScale: 0.002 })
    expect(target.endpoint).toBeUndefined()
    expect(target.managementIdentity?.accountId).toBe('111111111111')
  })

  it('anything else behind it (no emulator control API) is real AWS: no time scale', async () => {
    const notEmulator = createServer((_request, response) => response.writeHead(404).end('Not Found'))
    await new Promise<void>((resolve) => notEmulator.listen(0, '127.0.0.1', resolve))
    const { port } = notEmulator.address() as AddressInfo
    try {
      expect(await emulatorTimeScaleBehind(`http://127.0.0.1:${port}`)).toBeUndefined()
      expect(await emulatorTimeScaleBehind('http://127.0.0.1:9')).toBeUndefined()
      expect(await emulatorTimeScaleBehind(undefined)).toBeUndefined()
      expect(await emulatorDurationsBehind(`http://127.0.0.1:${port}`)).toBeUndefined()
    } finally {
      notEmulator.close()
    }
  })
})
