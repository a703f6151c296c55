/**
 * Provisioning events as progress lines: a fault's retry is a line each time; a wait's expected answer
 * (a new role's AccessDenied while IAM propagates) is said once, then at most every 15 s.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EXPECTED_WAIT_LINE_MS, reportProvisionEvent } from './events.js'
import type { Progress } from './types.js'

function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (text) => lines.push(text),
    warn: (text) => lines.push(`warn: ${text}`),
    region: (region, text) => lines.push(`[${region}] ${text}`),
    step: () => undefined,
  }
}

const retry = (what: string, attempt: number, errorName: string, expected?: boolean) =>
  ({ type: 'retry', what, attempt, errorName, expected }) as const

afterEach(() => {
  vi.useRealTimers()
})

describe('retry lines', () => {
  it('says each retry after a fault', () => {
    const progress = recordingProgress()
    reportProvisionEvent(progress, retry('IAM CreateRole', 1, 'Throttling'))
    reportProvisionEvent(progress, retry('IAM CreateRole', 2, 'Throttling'))
    expect(progress.lines).toEqual([
      '  retrying IAM CreateRole (attempt 1: Throttling)',
      '  retrying IAM CreateRole (attempt 2: Throttling)',
    ])
  })

  it('says the first three retries of a fault, then "still retrying" at most every 15 s', () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') })
    const progress = recordingProgress()
    for (let attempt = 1; attempt <= 10; attempt++)
      reportProvisionEvent(progress, retry('region ap-east-1', attempt, 'TooManyRequestsException'))
    vi.advanceTimersByTime(15_000)
    reportProvisionEvent(progress, retry('region ap-east-1', 11, 'TooManyRequestsException'))
    expect(progress.lines).toEqual([
      '  retrying region ap-east-1 (attempt 1: TooManyRequestsException)',
      '  retrying region ap-east-1 (attempt 2: TooManyRequestsException)',
      '  retrying region ap-east-1 (attempt 3: TooManyRequestsException)',
      '  still retrying region ap-east-1 (attempt 4: TooManyRequestsException)…',
      '  still retrying region ap-east-1 (attempt 11: TooManyRequestsException)…',
    ])
  })

  it('says an expected wait once per role, then "still waiting" only after 15 s', () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') })
    const progress = recordingProgress()
    for (let attempt = 1; attempt <= 6; attempt++)
      reportProvisionEvent(
        progress,
        retry('OrganizationAccountAccessRole in 123456789012', attempt, 'AccessDenied', true),
      )
    reportProvisionEvent(
      progress,
      retry('AssumeRole arn:aws:iam::123456789012:role/harness-minimal-run (IAM propagation)', 1, 'AccessDenied', true),
    )
    expect(progress.lines).toEqual([
      '  waiting: OrganizationAccountAccessRole in 123456789012 answers AccessDenied until it is ready…',
      '  waiting: AssumeRole arn:aws:iam::123456789012:role/harness-minimal-run (IAM propagation) answers AccessDenied until it is ready…',
    ])
    vi.advanceTimersByTime(EXPECTED_WAIT_LINE_MS)
    reportProvisionEvent(progress, retry('OrganizationAccountAccessRole in 123456789012', 7, 'AccessDenied', true))
    reportProvisionEvent(progress, retry('OrganizationAccountAccessRole in 123456789012', 8, 'AccessDenied', true))
    expect(progress.lines.slice(2)).toEqual([
      '  still waiting for OrganizationAccountAccessRole in 123456789012 (attempt 7: AccessDenied)…',
    ])
  })
})

describe('region lines', () => {
  it('a region enabled by default gets one line, ready; an opt-in region says each status', () => {
    const progress = recordingProgress()
    reportProvisionEvent(progress, { type: 'region-status', region: 'us-east-1', status: 'ENABLED_BY_DEFAULT' })
    reportProvisionEvent(progress, { type: 'region-ready', region: 'us-east-1', enabledDuringRun: false, waitedMs: 0 })
    reportProvisionEvent(progress, { type: 'region-status', region: 'ap-east-1', status: 'DISABLED' })
    reportProvisionEvent(progress, { type: 'region-status', region: 'ap-east-1', status: 'ENABLING' })
    expect(progress.lines).toEqual([
      '[us-east-1] region ready',
      '[ap-east-1] region DISABLED → enabling…',
      '[ap-east-1] region ENABLING',
    ])
  })
})
