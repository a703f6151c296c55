import { describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { backoffFor, NotReadyError, PROPAGATION_ERRORS, RetryTimeoutError, retryReason, withRetry } from './retry.js'

const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } })

describe('retryReason', () => {
  it.each([
    ['RequestLimitExceeded', 503, 'throttling'],
    ['Throttling', 400, 'throttling'],
    ['ThrottlingException', 400, 'throttling'],
    ['TooManyRequestsException', 429, 'throttling'],
    ['ConflictException', 409, 'busy'],
    ['ConcurrentModificationException', 400, 'busy'],
    ['ServiceUnavailable', 503, 'transient'],
    ['SomethingOdd', 500, 'transient'],
    ['SomethingOdd', 429, 'throttling'],
    ['AccessDenied', 403, undefined],
    ['AccessDeniedException', 400, undefined],
    ['ValidationException', 400, undefined],
    ['ConstraintViolationException', 400, undefined],
  ])('%s (HTTP %s) → %s', (name, status, expected) => {
    expect(retryReason(sdkError(name, status))).toBe(expected)
  })

  it('retries AccessDenied only where IAM propagation is expected', () => {
    expect(retryReason(sdkError('AccessDenied', 403), PROPAGATION_ERRORS)).toBe('iam-propagation')
  })

  it('reads node network errors by code', () => {
    expect(retryReason(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('transient')
  })
})

describe('backoffFor', () => {
  it('real AWS (no time scale): polls floored at seconds, sized to the operation', () => {
    expect(backoffFor('aws', 'account')).toEqual({
      minTimeoutMs: 3_000,
      maxTimeoutMs: 30_000,
      factor: 1.5,
      timeoutMs: 20 * 60_000,
    })
    expect(backoffFor('aws', 'call').minTimeoutMs).toBe(2_000)
  })

  it('an emulator posing as AWS (time scale known on --target aws) is polled on its own scale', () => {
    // CreateAccount takes ~60 s on AWS, 60 ms at time scale 0.001: first poll after 5 ms; polls grow to a
    // hundredth of the wait's 60 s real-time floor, so one that never ends makes hundreds of calls, not thousands.
    expect(backoffFor('aws', 'account', 0.001)).toEqual({
      minTimeoutMs: 5,
      maxTimeoutMs: 600,
      factor: 1.5,
      timeoutMs: 60_000,
    })
    expect(backoffFor('aws', 'account', 0.001)).toEqual(backoffFor('local', 'account', 0.001))
  })

  it("an emulator's own durations size its polls, and its waits never end before three times them", () => {
    // IAM propagation set to 1 s instead of AWS's 10 s: polls after 50 ms, not 500 ms.
    expect(backoffFor('local', 'propagation', 1, { propagation: 1_000 }).minTimeoutMs).toBe(50)
    // Set to an hour at time scale 0.1 (6 min): the 60 s floor would give up long before it is over.
    expect(backoffFor('local', 'propagation', 0.1, { propagation: 3_600_000 }).timeoutMs).toBe(3 * 360_000)
    // Real AWS ignores them: no emulator answered.
    expect(backoffFor('aws', 'propagation', undefined, { propagation: 1_000 })).toEqual(
      backoffFor('aws', 'propagation'),
    )
  })
})

const fast = { minTimeoutMs: 1, maxTimeoutMs: 2, factor: 1, timeoutMs: 60_000 }

describe('withRetry', () => {
  it('retries retryable failures and not-ready polls, reporting each retry, then returns', async () => {
    const failures = [sdkError('Throttling', 400), new NotReadyError('ENABLING')]
    const seen: string[] = []
    const result = await withRetry(
      'test',
      async () => {
        const next = failures.shift()
        if (next) throw next
        return 'done'
      },
      {
        backoff: fast,
        isRetryable: (e) => retryReason(e) !== undefined,
        onRetry: (e, attempt) => seen.push(`${(e as Error).name}#${attempt}`),
      },
    )
    expect(result).toBe('done')
    expect(seen).toEqual(['Throttling#1', 'NotReadyError#2'])
  })

  it('stops at the first final failure and rethrows it unchanged', async () => {
    const denied = sdkError('AccessDenied', 403)
    let attempts = 0
    const seen: unknown[] = []
    await expect(
      withRetry(
        'test',
        async () => {
          attempts++
          throw denied
        },
        { backoff: fast, isRetryable: () => false, onRetry: (e) => seen.push(e) },
      ),
    ).rejects.toBe(denied)
    expect(attempts).toBe(1)
    expect(seen).toEqual([])
  })

  it('gives up with RetryTimeoutError carrying the last failure when the window closes', async () => {
    const error = await withRetry(
      'polling',
      async () => {
        throw new NotReadyError('IN_PROGRESS')
      },
      { backoff: { ...fast, timeoutMs: 0 }, isRetryable: () => true },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetryTimeoutError)
    expect((error as RetryTimeoutError).lastError).toBeInstanceOf(NotReadyError)
  })

  it('always makes the first attempt, even when the window has closed before it starts', async () => {
    let calls = 0
    const value = await withRetry(
      'polling',
      async () => {
        calls += 1
        return 'done'
      },
      { backoff: { ...fast, timeoutMs: -1 }, isRetryable: () => true }, // closed before it starts
    )
    expect([value, calls]).toEqual(['done', 1])
  })

  it('with firstLookAt, tries at once, then not before that time (less a poll), and never past the window', async () => {
    const polls = { minTimeoutMs: 5, maxTimeoutMs: 5, factor: 1, timeoutMs: 60_000 }
    const started = Date.now()
    const times: number[] = []
    const reported: number[] = []
    const value = await withRetry(
      'role',
      async () => {
        times.push(Date.now())
        if (times.length === 1) throw new NotReadyError('NOT_YET')
        return 'ready'
      },
      { backoff: polls, isRetryable: () => true, firstLookAt: started + 300, onRetry: (_, n) => reported.push(n) },
    )
    expect(value).toBe('ready')
    expect(times[0]! - started).toBeLessThan(250) // at once: it may be there already
    expect(times[1]! - started).toBeGreaterThanOrEqual(295) // when it should be: one look, not a stream
    expect(reported).toEqual([1])
    // A look due after the window closes: the sleep ends with the window, which then ends the wait.
    const ends = Date.now()
    const late = await withRetry(
      'role',
      async () => {
        throw new NotReadyError('NOT_YET')
      },
      { backoff: { ...polls, timeoutMs: 100 }, isRetryable: () => true, firstLookAt: ends + 60_000 },
    ).catch((e: unknown) => e)
    expect(late).toBeInstanceOf(RetryTimeoutError)
    expect(Date.now() - ends).toBeLessThan(10_000)
  })

  it('ends a firstLookAt sleep on an abort, as INTERRUPTED', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const error = await withRetry(
      'role',
      async () => {
        throw new NotReadyError('NOT_YET')
      },
      {
        backoff: { minTimeoutMs: 5, maxTimeoutMs: 5, factor: 1, timeoutMs: 120_000 },
        isRetryable: () => true,
        firstLookAt: started + 60_000,
        signal: controller.signal,
      },
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'INTERRUPTED' })
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('turns an abort into HarnessError INTERRUPTED', async () => {
    const controller = new AbortController()
    const error = await withRetry(
      'polling',
      async () => {
        controller.abort()
        throw new NotReadyError('IN_PROGRESS')
      },
      { backoff: { ...fast, minTimeoutMs: 50, maxTimeoutMs: 50 }, isRetryable: () => true, signal: controller.signal },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'INTERRUPTED' })
  })
})

describe('withRetry on the emulator’s flat polls', () => {
  const flat = { minTimeoutMs: 5, maxTimeoutMs: 5, factor: 1, timeoutMs: 1_500 }
  const countAttempts = async (error: () => Error) => {
    let attempts = 0
    await withRetry(
      'a wait',
      async () => {
        attempts += 1
        throw error()
      },
      { backoff: flat, isRetryable: () => true },
    ).catch(() => undefined)
    return attempts
  }

  it('backs off a call that keeps failing, but keeps polling "not ready yet" at the short interval', async () => {
    // Failing for the whole 1.5 s window: the backoff grows to 15 ms on top, about 70 calls instead of 200.
    const failing = await countAttempts(() => sdkError('ServiceUnavailable', 503))
    expect(failing).toBeLessThan(120)
    // A pending status, and a role still propagating (AccessDenied), are the wait's expected answers.
    expect(await countAttempts(() => new NotReadyError('ENABLING'))).toBeGreaterThan(2 * failing)
    expect(await countAttempts(() => sdkError('AccessDenied', 403))).toBeGreaterThan(2 * failing)
  })
})
