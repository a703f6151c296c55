/** The dashboard's "Verified fixes": which denial streaks a later night saw allowed, and since when. */
import { describe, expect, it } from 'vitest'
import { verifiedFixGroups } from './fix.js'
import type { Night, NightMark, Strip } from './types.js'

const DATES = ['2022-10-26', '2022-10-27', '2022-10-28', '2022-10-29', '2022-10-30']
const nights: Night[] = DATES.map((date, i) => ({
  runId: `run-${i}`,
  startedAt: `${date}T03:00:00.000Z`,
  date: `${date}T03:00:00.000Z`,
  freshness: 'fresh',
  policyHash: i < 4 ? 'old' : 'fixed',
}))

function strip(region: string, marks: NightMark[]): Strip {
  const step = 'logs/create-tagged-log-group / CreateLogGroup'
  return {
    key: `${step}@${region}`,
    scenario: 'logs/create-tagged-log-group',
    step: 'CreateLogGroup',
    region,
    marks,
    streaks: [],
    markers: [],
    eventful: true,
  }
}

describe('verifiedFixGroups', () => {
  it('keeps regions denied from different nights apart, each with its own since (QA: one wrong date for all)', () => {
    const groups = verifiedFixGroups(
      [
        strip('af-south-1', ['allowed', 'denied', 'denied', 'denied', 'allowed']),
        strip('ca-central-1', ['allowed', 'allowed', 'denied', 'denied', 'allowed']),
        strip('eu-west-1', ['allowed', 'allowed', 'denied', 'denied', 'allowed']),
      ],
      nights,
      true,
    )
    expect(groups.map((g) => [g.regions, g.deniedSince.slice(0, 10), g.runId, g.byPolicyChange])).toEqual([
      [['af-south-1'], '2022-10-27', 'run-4', true],
      [['ca-central-1', 'eu-west-1'], '2022-10-28', 'run-4', true],
    ])
  })

  it('counts a streak already under way on the window’s first night, saying it may have begun earlier (QA)', () => {
    const [group, ...rest] = verifiedFixGroups(
      [strip('us-east-1', ['denied', 'denied', 'allowed', 'allowed', 'allowed'])],
      nights,
      true,
    )
    expect(rest).toEqual([])
    expect(group).toMatchObject({
      regions: ['us-east-1'],
      deniedSince: nights[0]!.date,
      runId: 'run-2',
      sinceWindowStart: true,
    })
  })

  it('does not count a denial on the first night of a history with nothing before the window (review: an open denial)', () => {
    expect(
      verifiedFixGroups([strip('us-east-1', ['denied', 'allowed', 'allowed', 'allowed', 'allowed'])], nights, false),
    ).toEqual([])
  })

  it('does not count a denial first seen mid-window without an allowed night before it (a new step, not a regression)', () => {
    expect(
      verifiedFixGroups([strip('us-east-1', ['absent', 'denied', 'allowed', 'allowed', 'allowed'])], nights, true),
    ).toEqual([])
  })
})
