/** AWS's denial wording per policy type and era, and the decoded-message shape (sources: harness/emulator/FACTS.md). Table-driven. */
import { describe, expect, it } from 'vitest'
import type { PolicyType } from '../../policy/types.js'
import { buildDecodedMessage } from './decoded-message.js'
import { accessDeniedMessage, ec2UnauthorizedMessage, logsTagOnCreateMessage } from './denial-message.js'

const USER = 'arn:aws:iam::123456789012:user/Matt'
const base = { callerArn: USER, action: 'iam:ListRoles', resource: 'arn:aws:iam::123456789012:role/*' }
const prefix = `User: ${USER} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/*`

describe('accessDeniedMessage with reason clauses', () => {
  it.each<[PolicyType, string, string]>([
    [
      'identity-based',
      'because no identity-based policy allows the iam:ListRoles action',
      'with an explicit deny in an identity-based policy',
    ],
    [
      'service control',
      'because no service control policy allows the iam:ListRoles action',
      'with an explicit deny in a service control policy',
    ],
    [
      'permissions boundary',
      'because no permissions boundary allows the iam:ListRoles action',
      'with an explicit deny in a permissions boundary',
    ],
    [
      'session',
      'because no session policy allows the iam:ListRoles action',
      'with an explicit deny in a sessions policy',
    ],
    [
      'resource-based',
      'because no resource-based policy allows the iam:ListRoles action',
      'with an explicit deny in a resource-based policy',
    ],
    [
      'role trust',
      'because no role trust policy allows the iam:ListRoles action',
      'with an explicit deny in the role trust policy',
    ],
    [
      'resource control',
      'because no resource control policy allows the iam:ListRoles action',
      'with an explicit deny in a resource control policy',
    ],
  ])('%s', (decidedBy, implicit, explicit) => {
    expect(accessDeniedMessage({ ...base, decidedBy, decision: 'ImplicitlyDenied' }, { reasonClauses: true })).toBe(
      `${prefix} ${implicit}`,
    )
    expect(accessDeniedMessage({ ...base, decidedBy, decision: 'ExplicitlyDenied' }, { reasonClauses: true })).toBe(
      `${prefix} ${explicit}`,
    )
  })
})

describe('accessDeniedMessage with the denying policy ARN (2026)', () => {
  const scp = 'arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd'
  it('follows the explicit deny clause, as in the AWS Security Blog example', () => {
    expect(
      accessDeniedMessage(
        { ...base, decidedBy: 'service control', decision: 'ExplicitlyDenied', policyArn: scp },
        { reasonClauses: true },
      ),
    ).toBe(`${prefix} with an explicit deny in a service control policy: ${scp}`)
  })
  it('is not shown for implicit denials', () => {
    const facts = {
      ...base,
      decidedBy: 'identity-based' as const,
      decision: 'ImplicitlyDenied' as const,
      policyArn: scp,
    }
    expect(accessDeniedMessage(facts, { reasonClauses: true })).toBe(
      `${prefix} because no identity-based policy allows the iam:ListRoles action`,
    )
  })
})

describe('accessDeniedMessage before reason clauses (pre-2021)', () => {
  it.each([
    ['ImplicitlyDenied', prefix],
    ['ExplicitlyDenied', `${prefix} with an explicit deny`],
  ] as const)('%s', (decision, expected) => {
    expect(accessDeniedMessage({ ...base, decidedBy: 'service control', decision }, { reasonClauses: false })).toBe(
      expected,
    )
  })
})

describe('ec2UnauthorizedMessage', () => {
  const facts = {
    callerArn: 'arn:aws:sts::111122223333:assumed-role/r/s',
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-2:111122223333:instance/*',
    decision: 'ExplicitlyDenied' as const,
    decidedBy: 'service control' as const,
  }
  it.each([
    [
      { verbose: false, encoded: 'BLOB' },
      'You are not authorized to perform this operation. Encoded authorization failure message: BLOB',
    ],
    [
      { verbose: true, encoded: 'BLOB' },
      'You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/r/s is not ' +
        'authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-2:111122223333:instance/* with an ' +
        'explicit deny in a service control policy. Encoded authorization failure message: BLOB',
    ],
    [{ verbose: false }, 'You are not authorized to perform this operation.'],
    [
      { verbose: true, omitResource: true },
      'You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/r/s is not ' +
        'authorized to perform: ec2:RunInstances with an explicit deny in a service control policy',
    ],
  ])('%j', (options, expected) => {
    expect(ec2UnauthorizedMessage(facts, options)).toBe(expected)
  })
})

describe('logsTagOnCreateMessage', () => {
  it.each([
    [false, 'User with accountId: 222233334444 is not authorized to perform CreateLogGroup with Tags'],
    [
      true,
      'User with accountId: 222233334444 is not authorized to perform CreateLogGroup with Tags. ' +
        'An additional permission "logs:TagResource" is required.',
    ],
  ])('additional permission sentence: %s', (additional, expected) => {
    expect(logsTagOnCreateMessage('222233334444', additional)).toBe(expected)
  })
})

describe('buildDecodedMessage', () => {
  it('wraps lists in items and values, as STS returns them', () => {
    const decoded = JSON.parse(
      buildDecodedMessage({
        allowed: false,
        explicitDeny: true,
        matchedStatements: [
          {
            statementId: 'VisualEditor0',
            effect: 'Deny',
            statement: { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
          },
        ],
        principal: { id: 'AROA123456789EXAMPLE:Ana', arn: 'arn:aws:sts::111122223333:assumed-role/Developer/Ana' },
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
        conditions: { 'ec2:InstanceType': 't3.micro', 'aws:TagKeys': ['a', 'b'], skipped: undefined },
      }),
    )
    expect(decoded).toEqual({
      allowed: false,
      explicitDeny: true,
      matchedStatements: {
        items: [
          {
            statementId: 'VisualEditor0',
            effect: 'DENY',
            principals: { items: [{ value: 'AROA123456789EXAMPLE' }] },
            principalGroups: { items: [] },
            actions: { items: [{ value: 'ec2:RunInstances' }] },
            resources: { items: [{ value: '*' }] },
            conditions: { items: [] },
          },
        ],
      },
      failures: { items: [] },
      context: {
        principal: { id: 'AROA123456789EXAMPLE:Ana', arn: 'arn:aws:sts::111122223333:assumed-role/Developer/Ana' },
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
        conditions: {
          items: [
            { key: 'ec2:InstanceType', values: { items: [{ value: 't3.micro' }] } },
            { key: 'aws:TagKeys', values: { items: [{ value: 'a' }, { value: 'b' }] } },
          ],
        },
      },
    })
  })
})
