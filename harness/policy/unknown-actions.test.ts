/** Misspelt actions are found with a did-you-mean from the IAM catalogue; known actions and wildcards pass. */
import { describe, expect, it } from 'vitest'
import { closest, editDistance } from '../closest.js'
import { parsePolicy } from './parse.js'
import { describeUnknownAction, findUnknownActions } from './unknown-actions.js'

async function unknownIn(actions: string[]): Promise<string[]> {
  const { policy } = parsePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
    'identity',
  )
  return (await findUnknownActions(policy!)).map(describeUnknownAction)
}

describe('findUnknownActions', () => {
  it.each([
    [
      'a typo in the action',
      ['logs:CreatLogGroup'],
      [
        'Statement[0].Action: "logs:CreatLogGroup": unknown action for service "logs" (did you mean logs:CreateLogGroup?)',
      ],
    ],
    [
      'a typo in the service',
      ['ecrr:TagResource'],
      ['Statement[0].Action: "ecrr:TagResource": unknown service prefix "ecrr" (did you mean ecr:TagResource?)'],
    ],
    [
      'a wildcard that matches nothing',
      ['logs:Creat*Foo'],
      ['Statement[0].Action: "logs:Creat*Foo": matches no known action'],
    ],
    [
      'no near name',
      ['logs:Zzzzzzzzzzzzzz'],
      ['Statement[0].Action: "logs:Zzzzzzzzzzzzzz": unknown action for service "logs"'],
    ],
    ['known actions, any case, and wildcards', ['logs:createloggroup', 'ecr:TagResource', 'ec2:Describe*', '*'], []],
  ])('%s', async (_name, actions, expected) => {
    expect(await unknownIn(actions)).toEqual(expected)
  })
})

describe('editDistance / closest', () => {
  it('counts single-character edits and picks only near candidates', () => {
    expect(editDistance('creatloggroup', 'createloggroup')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
    expect(closest('TagResorce', ['TagResource', 'UntagResource'])).toBe('TagResource')
    expect(closest('Delete', ['CreateLogGroup'])).toBeUndefined()
  })
})
