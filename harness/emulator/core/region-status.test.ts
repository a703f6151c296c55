import { describe, expect, it } from 'vitest'
import { bootstrapState } from './bootstrap.js'
import { regionOptStatus } from './region-status.js'
import { EmulatorState, MANAGEMENT_ACCOUNT_ID, type RegionOptRecord } from './state.js'

const NOW = new Date('2025-01-01T00:00:00Z')
const BEFORE = new Date(NOW.getTime() - 1)
const AFTER = new Date(NOW.getTime() + 1)

function stateWith(region: string, record?: RegionOptRecord): EmulatorState {
  const state = new EmulatorState({ date: NOW })
  bootstrapState(state)
  if (record) state.accounts.get(MANAGEMENT_ACCOUNT_ID)!.regions.set(region, record)
  return state
}

describe('regionOptStatus', () => {
  it.each([
    { name: 'default region', region: 'us-east-1', record: undefined, expected: 'ENABLED_BY_DEFAULT' },
    { name: 'opt-in region never touched', region: 'ap-east-1', record: undefined, expected: 'DISABLED' },
    { name: 'unknown region', region: 'xx-nowhere-1', record: undefined, expected: 'DISABLED' },
    {
      name: 'enabling, not ready',
      region: 'ap-east-1',
      record: { status: 'ENABLING', readyAt: AFTER },
      expected: 'ENABLING',
    },
    {
      name: 'enabling, ready',
      region: 'ap-east-1',
      record: { status: 'ENABLING', readyAt: BEFORE },
      expected: 'ENABLED',
    },
    {
      name: 'disabling, not ready',
      region: 'me-south-1',
      record: { status: 'DISABLING', readyAt: AFTER },
      expected: 'DISABLING',
    },
    {
      name: 'disabling, done',
      region: 'me-south-1',
      record: { status: 'DISABLING', readyAt: NOW },
      expected: 'DISABLED',
    },
    { name: 'enabled', region: 'af-south-1', record: { status: 'ENABLED', readyAt: BEFORE }, expected: 'ENABLED' },
  ] as const)('$name → $expected', ({ region, record, expected }) => {
    const state = stateWith(region, record ? { ...record } : undefined)
    expect(regionOptStatus(state, MANAGEMENT_ACCOUNT_ID, region, NOW)).toBe(expected)
  })

  it('completes ENABLING lazily by updating the record', () => {
    const state = stateWith('ap-east-1', { status: 'ENABLING', readyAt: BEFORE })
    regionOptStatus(state, MANAGEMENT_ACCOUNT_ID, 'ap-east-1', NOW)
    expect(state.accounts.get(MANAGEMENT_ACCOUNT_ID)!.regions.get('ap-east-1')!.status).toBe('ENABLED')
  })

  it('an unknown account has no opt-in regions enabled', () => {
    expect(regionOptStatus(stateWith('ap-east-1'), '999999999999', 'ap-east-1', NOW)).toBe('DISABLED')
  })
})
