import { describe, expect, it } from 'vitest'
import type { BlastRadiusFinding } from '../history/types.js'
import { blastRadiusLines } from './follow-up-section.js'

const step = { scenario: 'logs/create-tagged-log-group', step: 'CreateLogGroup' }
const none =
  'no seasoned account: no account harness keeps open used logs:CreateLogGroup+tags by the step’s baseline run.'
const finding = (region: string, extra: Partial<BlastRadiusFinding> = {}): BlastRadiusFinding => ({
  ...step,
  region,
  radius: 'unknown',
  reason: none,
  ...extra,
})

describe('blastRadiusLines', () => {
  it('says a verdict shared by several regions once, naming them, in the order they came', () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-east-1', 'ca-central-1', 'sa-east-1']
    const lines = blastRadiusLines([
      ...regions.map((region) => finding(region)),
      finding('eu-central-1', {
        radius: 'new-accounts-only',
        reason: 'allowed in seasoned account 210987654321 (it has used logs:CreateLogGroup+tags since run r1)',
      }),
    ])
    expect(lines).toEqual([
      `logs/create-tagged-log-group / CreateLogGroup @ 5 regions (${regions.join(', ')}): unknown — ${none}`,
      'logs/create-tagged-log-group / CreateLogGroup @ eu-central-1: new accounts only (existing customers unaffected; every new customer breaks) — allowed in seasoned account 210987654321 (it has used logs:CreateLogGroup+tags since run r1)',
    ])
  })

  it('keeps apart what differs: another step, another radius, another seasoned account', () => {
    const lines = blastRadiusLines([
      finding('us-east-1'),
      finding('eu-west-1', { step: 'PutRetentionPolicy' }),
      finding('ap-east-1', { radius: 'all-accounts', reason: 'denied in seasoned account 1 too' }),
      finding('ca-central-1', { radius: 'all-accounts', reason: 'denied in seasoned account 2 too' }),
      finding('sa-east-1'),
    ])
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^logs\/create-tagged-log-group \/ CreateLogGroup @ us-east-1, sa-east-1: unknown/)
  })
})
