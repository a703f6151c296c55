/** Why a still-denied step is denied, said on the nights after the one it changed. */
import { describe, expect, it } from 'vitest'
import { diffRuns } from './diff.js'
import { withOpenCauses } from './open-cause.js'
import { allowed, deniedBy, failed, makeRun } from './run-fixtures.js'

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
}
const night = (day: number, outcome: ReturnType<typeof allowed>) =>
  makeRun(
    `2026-11-0${day}T09-00-00Z-abc00${day}`,
    `2026-11-0${day}T09:00:00.000Z`,
    [['logs/create', 'CreateLogGroup', 'eu-west-1', outcome]],
    { policy: POLICY },
  )

describe('withOpenCauses', () => {
  const nights = [night(1, allowed()), night(2, deniedBy('logs:TagResource'))]

  it('attributes a still-denied step seen denied tonight to AWS when the policy did not change', () => {
    const current = night(3, deniedBy('logs:TagResource'))
    const [change] = withOpenCauses(diffRuns(nights[1]!, current, [...nights, current]).changes, current, nights)
    expect(change).toMatchObject({ stillDenied: true, cause: 'aws-change' })
  })

  it('keeps the cause on a night that did not see it denied (throttled), from its last denial (QA)', () => {
    const current = night(3, failed('throttled', 'ThrottlingException'))
    const [change] = withOpenCauses(diffRuns(nights[1]!, current, [...nights, current]).changes, current, nights)
    expect(change).toMatchObject({ stillDenied: true, cause: 'aws-change' })
  })
})
