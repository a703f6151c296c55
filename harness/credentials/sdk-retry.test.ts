import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { MAXIMUM_RETRY_DELAY, Retry } from '@smithy/core/retry'
import { describe, expect, it } from 'vitest'
import { controlHeaders, withEmulator } from '../emulator/testing.js'
import { ScaledBackoff, sdkRetryConfig } from './sdk-retry.js'

describe('ScaledBackoff', () => {
  it("is the SDK's full-jitter backoff (base × 2^retry, at most 20 s) times the time scale", () => {
    const backoff = new ScaledBackoff(0.001, () => 1)
    expect(backoff.computeNextBackoffDelay(0)).toBe(Math.floor(Retry.delay() * 0.001))
    backoff.setDelayBase(Retry.throttlingDelay())
    expect([0, 1, 2].map((retry) => backoff.computeNextBackoffDelay(retry))).toEqual([1, 2, 4])
    expect(backoff.computeNextBackoffDelay(10)).toBe(MAXIMUM_RETRY_DELAY * 0.001)
    const unscaled = new ScaledBackoff(1, () => 0.5)
    unscaled.setDelayBase(Retry.throttlingDelay())
    expect(unscaled.computeNextBackoffDelay(1)).toBe(1000)
  })
})

describe('sdkRetryConfig', () => {
  const emu = withEmulator({ timeScale: 0.001 })

  it('leaves the SDK alone on real AWS', () => {
    expect(sdkRetryConfig(undefined)).toEqual({})
  })

  it('on an emulator: the same 3 attempts on throttling, each wait on its time scale', async () => {
    await fetch(`${emu.endpoint}/_emulator/faults`, {
      method: 'POST',
      headers: controlHeaders(emu.controlToken),
      body: JSON.stringify([{ service: 'logs', fault: 'throttle' }]),
    })
    const { maxAttempts: _, ...config } = emu.clientConfig('us-east-1')
    const logs = new CloudWatchLogsClient({ ...config, ...sdkRetryConfig(0.001) })
    const error = (await logs.send(new DescribeLogGroupsCommand({})).catch((e: unknown) => e)) as {
      name: string
      $metadata: { attempts: number; totalRetryDelay: number }
    }
    expect(error.name).toBe('ThrottlingException')
    expect(error.$metadata.attempts).toBe(3)
    // AWS's waits would be up to 1 s + 2 s; on this emulator they are at most 1 ms + 2 ms.
    expect(error.$metadata.totalRetryDelay).toBeLessThanOrEqual(3)
  })

  it("serves an older SDK's client too, which asks for its first retry token with no scope", async () => {
    const { retryStrategy } = sdkRetryConfig(0.001)
    // @aws-sdk/client-sqs 3.600's middleware-retry passes context.partition_id, unset there.
    const token = await retryStrategy!.acquireInitialRetryToken(undefined as unknown as string)
    expect(token.getRetryCount()).toBe(0)
  })

  it('honours AWS_MAX_ATTEMPTS as the SDK does', async () => {
    const { retryStrategy } = sdkRetryConfig(0.001, { env: { AWS_MAX_ATTEMPTS: '5' } })
    expect(await (retryStrategy as unknown as { maxAttempts(): Promise<number> }).maxAttempts()).toBe(5)
  })
})
