import { describe, expect, it } from 'vitest'
import { mergeDecodedMessage } from './decoded-denial.js'

// The shape AWS documents for DecodeAuthorizationMessage (lists wrapped in { items }).
const decoded = JSON.stringify({
  allowed: false,
  explicitDeny: false,
  matchedStatements: { items: [] },
  failures: { items: [] },
  context: {
    principal: { id: 'AROAEXAMPLE:harness', arn: 'arn:aws:sts::210987654321:assumed-role/harness-minimal/harness' },
    action: 'ec2:CreateTags',
    resource: 'arn:aws:ec2:ca-central-1:210987654321:instance/*',
    conditions: { items: [{ key: 'ec2:CreateAction', values: { items: [{ value: 'RunInstances' }] } }] },
  },
})

describe('mergeDecodedMessage', () => {
  it('fills the action, resource and principal an encoded-only EC2 denial lacks', () => {
    expect(mergeDecodedMessage({ encodedMessage: 'blob' }, decoded)).toEqual({
      encodedMessage: 'blob',
      action: 'ec2:CreateTags',
      resource: 'arn:aws:ec2:ca-central-1:210987654321:instance/*',
      principal: 'arn:aws:sts::210987654321:assumed-role/harness-minimal/harness',
      reason: 'no policy allows (decoded message)',
    })
  })

  it('keeps what the message already said and ignores undecodable input', () => {
    const details = { action: 'ec2:RunInstances', reason: 'explicit deny in a service control policy' }
    expect(mergeDecodedMessage(details, decoded)).toMatchObject(details)
    expect(mergeDecodedMessage(details, 'not json')).toEqual(details)
  })
})
