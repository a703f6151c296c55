/** renderMinimizeText: what changed against the input, and nothing for what did not (QA). */
import { expect, it } from 'vitest'
import type { MinimizeResult } from './minimize.js'
import { renderMinimizeText } from './render.js'

const result = (actions: MinimizeResult['diff']['actions']): MinimizeResult => ({
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: '*' }] },
  diff: { actions, narrowed: [] },
  evidence: [],
  rejectedNarrowings: [],
  lint: [],
  probes: 3,
})

it('lists dropped and reduced actions, never an action kept as written', () => {
  const text = renderMinimizeText(
    result([
      { input: 'logs:CreateLogGroup', kept: ['logs:CreateLogGroup'] },
      { input: 'logs:*', kept: ['logs:TagResource'] },
      { input: 'ec2:RunInstances', kept: [] },
    ]),
    'fixed.json',
  )
  expect(text).toContain('  ~ logs:*: kept logs:TagResource\n  - ec2:RunInstances: dropped\n')
  expect(text).not.toContain('logs:CreateLogGroup: kept')
})

it('says there is nothing to change when every action was needed as written', () => {
  const text = renderMinimizeText(
    result([{ input: 'logs:CreateLogGroup', kept: ['logs:CreateLogGroup'] }]),
    'fixed.json',
  )
  expect(text).toContain('Changes against fixed.json:\n  none: every action and resource was needed as written\n')
})
