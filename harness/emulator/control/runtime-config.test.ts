/** `GET|POST /_emulator/config`: realism knobs changed at run time, and each one taking effect through the SDK. */
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_DURATIONS } from '../core/state.js'
import { advanceClock, controlHeaders, startTestEmulator, type TestEmulator, until, withEmulator } from '../testing.js'

async function config(emu: TestEmulator, method: 'GET' | 'POST', body?: unknown) {
  const response = await fetch(`${emu.endpoint}/_emulator/config`, {
    method,
    headers: controlHeaders(emu.controlToken),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as any }
}

describe('GET|POST /_emulator/config', () => {
  const emu = withEmulator({ maxAccounts: 7 })

  it('Given a fresh emulator, then GET shows the default durations and the started quota', async () => {
    const res = await config(emu, 'GET')
    expect(res).toEqual({ status: 200, json: { durations: DEFAULT_DURATIONS, maxAccounts: 7 } })
  })

  it('Given a partial update, then only the named fields change and GET shows them', async () => {
    const res = await config(emu, 'POST', { durations: { iamPropagationMs: 2_000 }, maxAccounts: 3 })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ durations: { ...DEFAULT_DURATIONS, iamPropagationMs: 2_000 }, maxAccounts: 3 })
    expect((await config(emu, 'GET')).json).toEqual(res.json)
  })

  it.each([
    { body: { durations: { iamPropagationMs: -1 } }, field: 'durations.iamPropagationMs' },
    { body: { durations: { createAccountMs: '60s' } }, field: 'durations.createAccountMs' },
    { body: { durations: { latencyMs: 5 } }, field: 'durations.latencyMs' },
    { body: { maxAccounts: 2.5 }, field: 'maxAccounts' },
    { body: { maxAccounts: -1 }, field: 'maxAccounts' },
    { body: { timeScale: 1 }, field: 'timeScale' },
    { body: [], field: '(body)' },
  ])('Given $body, then 400 naming $field and nothing changes', async ({ body, field }) => {
    const before = (await config(emu, 'GET')).json
    const res = await config(emu, 'POST', body)
    expect(res.status).toBe(400)
    expect(res.json.error).toContain(`field "${field}"`)
    expect((await config(emu, 'GET')).json).toEqual(before)
  })

  it('Given a body that is not JSON, then 400', async () => {
    const res = await config(emu, 'POST', '{"durations":')
    expect(res.status).toBe(400)
    expect(res.json.error).toContain('not valid JSON')
  })

  it('Given maxAccounts 1 (the management account alone), then CreateAccount FAILS with ACCOUNT_LIMIT_EXCEEDED', async () => {
    await config(emu, 'POST', { maxAccounts: 1 })
    const org = new OrganizationsClient(emu.clientConfig())
    const out = await org.send(new CreateAccountCommand({ Email: 'quota@example.com', AccountName: 'quota' }))
    const done = await until(
      () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: out.CreateAccountStatus!.Id! })),
      (status) => status.CreateAccountStatus?.State !== 'IN_PROGRESS',
    )
    expect(done.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' })
  })

  it('Given a longer createAccountMs, then CreateAccount stays IN_PROGRESS until the clock has moved that long', async () => {
    await config(emu, 'POST', { durations: { createAccountMs: 3_600_000 } })
    const org = new OrganizationsClient(emu.clientConfig())
    const out = await org.send(new CreateAccountCommand({ Email: 'slow@example.com', AccountName: 'slow' }))
    const state = () =>
      org
        .send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: out.CreateAccountStatus!.Id! }))
        .then((status) => status.CreateAccountStatus?.State)
    expect(await state()).toBe('IN_PROGRESS')
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    expect(await state()).toBe('SUCCEEDED')
  })

  it('Given a reset, then the config returns to the start options', async () => {
    await config(emu, 'POST', { durations: { perCallLatencyMs: 5 }, maxAccounts: 2 })
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST', headers: controlHeaders(emu.controlToken) })
    expect((await config(emu, 'GET')).json).toEqual({ durations: DEFAULT_DURATIONS, maxAccounts: 7 })
  })
})

describe('per-call latency', () => {
  let emu: TestEmulator | undefined
  afterEach(async () => {
    await emu?.stop()
    emu = undefined
  })

  // A lower bound only (the call cannot answer before the delay), so it cannot flake on a slow machine.
  it('Given perCallLatencyMs 200 at time scale 1, then a call takes at least that long to answer', async () => {
    emu = await startTestEmulator({ timeScale: 1 })
    const sts = new STSClient(emu.clientConfig())
    await sts.send(new GetCallerIdentityCommand({}))
    await config(emu, 'POST', { durations: { perCallLatencyMs: 200 } })
    const started = performance.now()
    await sts.send(new GetCallerIdentityCommand({}))
    expect(performance.now() - started).toBeGreaterThanOrEqual(150)
  })
})
