/**
 * Fault injection through real SDK clients: each protocol's throttling error after the SDK's own
 * retries, count- and seeded-rate selection, connection resets, slow calls, CreateAccount failures,
 * and clear 400s for malformed rules on the control API.
 */
import { AccountClient, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { sdkRetryConfig } from '../../credentials/sdk-retry.js'
import type { CallRecord } from '../core/state.js'
import { controlHeaders, startTestEmulator, type TestEmulator, withEmulator } from '../testing.js'

async function postFaults(emu: TestEmulator, body: unknown) {
  const response = await fetch(`${emu.endpoint}/_emulator/faults`, {
    method: 'POST',
    headers: controlHeaders(emu.controlToken),
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as { error?: string; faults?: unknown[] } }
}

async function calls(emu: TestEmulator, service: string): Promise<CallRecord[]> {
  const response = await fetch(`${emu.endpoint}/_emulator/calls?service=${service}`)
  return ((await response.json()) as { calls: CallRecord[] }).calls
}

async function outcome(promise: Promise<unknown>) {
  try {
    await promise
    return { name: 'ok' as string, status: 200 as number | undefined, attempts: 1 as number | undefined }
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string }
    const name = failure.code === 'ECONNRESET' ? 'ECONNRESET' : failure.name
    return { name, status: failure.$metadata?.httpStatusCode, attempts: failure.$metadata?.attempts }
  }
}

describe('throttling per protocol', () => {
  const emu = withEmulator()

  it('surfaces each service’s throttling error after the SDK’s retries', async () => {
    const services = ['logs', 'iam', 'ec2', 'organizations', 'account', 'sts']
    expect(
      (
        await postFaults(
          emu,
          services.map((service) => ({ service, fault: 'throttle' })),
        )
      ).status,
    ).toBe(200)
    // The SDK's standard retries (3 attempts), their backoff on the emulator's time scale (0.001) as the harness's own clients do.
    const retrying = (region = 'us-east-1') => ({
      ...emu.clientConfig(region),
      maxAttempts: 3,
      ...sdkRetryConfig(0.001),
    })
    const results = await Promise.all([
      outcome(new CloudWatchLogsClient(retrying()).send(new DescribeLogGroupsCommand({}))),
      outcome(new IAMClient(retrying()).send(new ListRolesCommand({}))),
      outcome(new EC2Client(retrying()).send(new DescribeRegionsCommand({}))),
      outcome(new OrganizationsClient(retrying()).send(new DescribeOrganizationCommand({}))),
      outcome(new AccountClient(retrying()).send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))),
      outcome(new STSClient(retrying()).send(new GetCallerIdentityCommand({}))),
    ])
    expect(results).toEqual([
      { name: 'ThrottlingException', status: 400, attempts: 3 },
      { name: 'Throttling', status: 400, attempts: 3 },
      { name: 'RequestLimitExceeded', status: 503, attempts: 3 },
      { name: 'TooManyRequestsException', status: 429, attempts: 3 },
      { name: 'TooManyRequestsException', status: 429, attempts: 3 },
      { name: 'Throttling', status: 400, attempts: 3 },
    ])
    expect((await calls(emu, 'ec2')).map((call) => call.errorCode)).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'RequestLimitExceeded',
    ])
  })
})

describe('fault selection', () => {
  const emu = withEmulator()
  const describeLogGroups = () =>
    outcome(new CloudWatchLogsClient(emu.clientConfig('eu-west-1')).send(new DescribeLogGroupsCommand({})))

  it('faults only the first `count` matching calls, and only matching ones', async () => {
    await postFaults(emu, [
      { service: 'logs', operation: 'DescribeLogGroups', region: 'eu-west-1', count: 2, fault: 'internal-error' },
    ])
    const other = await outcome(
      new CloudWatchLogsClient(emu.clientConfig('eu-west-2')).send(new DescribeLogGroupsCommand({})),
    )
    const sequence = [await describeLogGroups(), await describeLogGroups(), await describeLogGroups()]
    expect(other.name).toBe('ok')
    expect(sequence.map((entry) => `${entry.name}/${entry.status}`)).toEqual([
      'InternalFailure/500',
      'InternalFailure/500',
      'ok/200',
    ])
  })

  it('matches the region an Account API call acts on, not the us-east-1 it is signed for', async () => {
    await postFaults(emu, [{ service: 'account', region: 'ap-east-1', fault: 'internal-error' }])
    const account = new AccountClient({ ...emu.clientConfig('us-east-1'), maxAttempts: 1 })
    const status = (region: string) => outcome(account.send(new GetRegionOptStatusCommand({ RegionName: region })))
    expect((await status('ap-east-1')).name).toBe('InternalServerException')
    expect((await status('me-south-1')).name).toBe('ok')
    await postFaults(emu, [{ service: 'account', region: 'us-east-1', fault: 'internal-error' }])
    expect((await status('ap-east-1')).name).toBe('ok')
    expect((await status('us-east-1')).name).toBe('InternalServerException')
  })

  it('draws a seeded rate the same way on every run', async () => {
    const rule = { service: 'logs', rate: 0.5, seed: 42, fault: 'service-unavailable' }
    const run = async (target: TestEmulator) => {
      await postFaults(target, [rule])
      const logs = new CloudWatchLogsClient(target.clientConfig('eu-west-1'))
      const pattern: string[] = []
      for (let index = 0; index < 16; index++)
        pattern.push((await outcome(logs.send(new DescribeLogGroupsCommand({})))).name)
      return pattern
    }
    const second = await startTestEmulator()
    try {
      const first = await run(emu)
      expect(first).toContain('ServiceUnavailableException')
      expect(first).toContain('ok')
      expect(await run(second)).toEqual(first)
    } finally {
      await second.stop()
    }
  })

  it('resets connections and slows calls without failing them', async () => {
    await postFaults(emu, [
      { service: 'logs', operation: 'DescribeLogGroups', count: 1, fault: 'connection-reset' },
      { service: 'logs', operation: 'DescribeLogGroups', fault: 'slow', delayMs: 20 },
    ])
    const reset = await describeLogGroups()
    expect(reset).toEqual({ name: 'ECONNRESET', status: undefined, attempts: 1 })
    expect((await describeLogGroups()).name).toBe('ok')
  })

  it('makes CreateAccount fail asynchronously with the given FailureReason', async () => {
    await postFaults(emu, { faults: [{ failureReason: 'INVALID_EMAIL', count: 1 }] })
    const org = new OrganizationsClient(emu.clientConfig('us-east-1'))
    const { CreateAccountStatus } = await org.send(
      new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }),
    )
    expect(CreateAccountStatus?.State).toBe('IN_PROGRESS')
    let status = CreateAccountStatus
    while (status?.State === 'IN_PROGRESS') {
      await new Promise((resolve) => setTimeout(resolve, 20))
      status = (
        await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }))
      ).CreateAccountStatus
    }
    expect(status).toMatchObject({ State: 'FAILED', FailureReason: 'INVALID_EMAIL' })
  })

  it('answers malformed rules with a 400 naming the entry and field', async () => {
    const answer = await postFaults(emu, [
      { service: 'logs', fault: 'throttle' },
      { service: 'logs', fault: 'slow', rate: 2 },
    ])
    expect(answer.status).toBe(400)
    expect(answer.body.error).toContain('entry 1, field "rate"')
    expect(answer.body.error).toContain('entry 1, field "delayMs": is required for a "slow" fault')
    expect(emu.state.faults).toEqual([])
  })
})
