/** Table-driven tests of EC2 filter matching (pure). */
import { describe, expect, it } from 'vitest'
import type { AwsError } from '../../core/errors.js'
import { applyFilters, type FilterFields } from './filters.js'

interface Thing {
  id: string
  groups: string[]
}

const FIELDS: FilterFields<Thing> = { id: (thing) => thing.id, group: (thing) => thing.groups }
const THINGS: Thing[] = [
  { id: 'a-1', groups: ['x', 'y'] },
  { id: 'b-2', groups: [] },
  { id: 'a.3', groups: ['z'] },
]
const TAGS = new Map<string, Map<string, string>>([
  ['a-1', new Map([['team', 'blue']])],
  [
    'b-2',
    new Map([
      ['team', 'red'],
      ['env', 'prod'],
    ]),
  ],
])

function ids(filters: Array<{ Name: string; Value: string[] }>): string[] {
  const params = { Filter: filters }
  return applyFilters(THINGS, params, FIELDS, (thing) => TAGS.get(thing.id) ?? new Map()).map((thing) => thing.id)
}

describe('EC2 filters', () => {
  it.each([
    ['no filters', [], ['a-1', 'b-2', 'a.3']],
    ['exact value', [{ Name: 'id', Value: ['b-2'] }], ['b-2']],
    ['values are ORed', [{ Name: 'id', Value: ['b-2', 'a.3'] }], ['b-2', 'a.3']],
    ['* wildcard', [{ Name: 'id', Value: ['a*'] }], ['a-1', 'a.3']],
    ['? wildcard', [{ Name: 'id', Value: ['a?1'] }], ['a-1']],
    ['. is literal', [{ Name: 'id', Value: ['a.1'] }], []],
    ['list fields match any element', [{ Name: 'group', Value: ['y'] }], ['a-1']],
    [
      'filters are ANDed',
      [
        { Name: 'id', Value: ['a*'] },
        { Name: 'group', Value: ['z'] },
      ],
      ['a.3'],
    ],
    ['tag:<key>', [{ Name: 'tag:team', Value: ['red'] }], ['b-2']],
    ['tag:<key> wildcard', [{ Name: 'tag:team', Value: ['*'] }], ['a-1', 'b-2']],
    ['tag-key', [{ Name: 'tag-key', Value: ['env'] }], ['b-2']],
    ['tag-value', [{ Name: 'tag-value', Value: ['blue'] }], ['a-1']],
  ])('%s', (_name, filters, expected) => {
    expect(ids(filters)).toEqual(expected)
  })

  it('rejects an unknown filter name with InvalidParameterValue', () => {
    expect(() => ids([{ Name: 'colour', Value: ['x'] }])).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue', message: "The filter 'colour' is invalid" }) as AwsError,
    )
  })
})
