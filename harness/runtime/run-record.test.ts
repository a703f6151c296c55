import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../config/resolve.js'
import { buildRunRecord, replayDateOf } from './run-record.js'

const config = resolveConfig({
  user: { target: 'local', emulator: { date: '2022-10-01' } },
  cwd: '/p',
  env: {},
  flags: {},
}).config

const recordOf = (externalEmulator?: boolean) =>
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
    externalEmulator,
  })

describe('buildRunRecord: the emulated date', () => {
  it('is the configured date on the embedded emulator, and not claimed for an emulator of its own, which keeps its clock', () => {
    expect(recordOf().emulatorDate).toBe('2022-10-01T00:00:00.000Z')
    expect(recordOf(true).emulatorDate).toBeUndefined()
  })
})

describe('replayDateOf', () => {
  it('is the replay date on the embedded emulator only: not on AWS, not on an emulator of its own, not without a date', () => {
    expect(replayDateOf(config, false)).toBe('2022-10-01T00:00:00.000Z')
    expect(replayDateOf(config, true)).toBeUndefined()
    const today = resolveConfig({ user: { target: 'local' }, cwd: '/p', env: {}, flags: {} }).config
    expect(replayDateOf(today, false)).toBeUndefined()
  })
})
