import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../config/resolve.js'
import { replayDateOf } from './replay-date.js'
import { buildRunRecord, runEndpoint } from './run-record.js'

const config = resolveConfig({
  user: { target: 'local', emulator: { date: '2022-10-01' } },
  cwd: '/p',
  env: {},
  flags: {},
}).config

const recordOf = (emulator?: { external?: boolean; replayDate?: string }) =>
  buildRunRecord({
    runId: 'r1',
    startedAt: new Date('2026-12-07T00:00:00Z'),
    finishedAt: new Date('2026-12-07T00:01:00Z'),
    config,
    policy: { file: 'p.json', json: '{"Version":"2012-10-17","Statement":[]}', hash: 'h' },
    scenarios: [],
    harnessVersion: '0.1.0',
    executed: { regions: [], results: [], cleanupProblems: [] },
    endpoint: 'emulator',
    emulator,
  })

describe('buildRunRecord: the emulated date', () => {
  it('is the configured date on the embedded emulator, and not claimed for an emulator of its own, which keeps its clock', () => {
    expect(recordOf().emulatorDate).toBe('2022-10-01T00:00:00.000Z')
    expect(recordOf({ external: true }).emulatorDate).toBeUndefined()
  })
})

describe('replayDateOf', () => {
  it("is the embedded emulator's --emulator-date, or the clock of an emulator of its own when that is not today's", () => {
    expect(replayDateOf(config, { external: false })).toBe('2022-10-01T00:00:00.000Z')
    const today = resolveConfig({ user: { target: 'local' }, cwd: '/p', env: {}, flags: {} }).config
    expect(replayDateOf(today, undefined)).toBeUndefined()
    // An emulator of its own keeps its clock: the run's flag or config date is not it.
    expect(replayDateOf(config, { external: true })).toBeUndefined()
    expect(replayDateOf(today, { external: true, replayDate: '2022-10-01T00:00:05.000Z' })).toBe(
      '2022-10-01T00:00:05.000Z',
    )
    const aws = resolveConfig({ user: { target: 'aws' }, cwd: '/p', env: {}, flags: {} }).config
    expect(replayDateOf(aws, { external: true, replayDate: '2022-10-01T00:00:05.000Z' })).toBeUndefined()
  })
})

describe('runEndpoint', () => {
  it('records AWS_ENDPOINT_URL without a user:password in it (it is shown in every report)', () => {
    expect(runEndpoint('aws', { AWS_ENDPOINT_URL: 'https://user:s3cret@proxy.example:8443/x' })).toBe(
      'https://proxy.example:8443/x',
    )
    expect(runEndpoint('aws', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4577' })).toBe('http://127.0.0.1:4577')
    expect(runEndpoint('aws', {})).toBe('aws')
    expect(runEndpoint('local', { AWS_ENDPOINT_URL: 'http://x' })).toBe('emulator')
  })
})
