/** validatePolicyDocument: which documents IAM refuses, per policy kind, and in which words. */
import { describe, expect, it } from 'vitest'
import type { PolicyKind } from '../../../policy/types.js'
import { AwsError } from '../../core/errors.js'
import { validatePolicyDocument } from './validate.js'

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
const allowS3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }
const trust = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }

const cases: Array<[string, string, PolicyKind, string | undefined]> = [
  ['identity policy', doc(allowS3), 'identity', undefined],
  ['trust policy', doc(trust), 'trust', undefined],
  ['session policy', doc(allowS3), 'session', undefined],
  ['single statement object', JSON.stringify({ Version: '2012-10-17', Statement: allowS3 }), 'identity', undefined],
  ['invalid JSON (identity)', '{', 'identity', 'Syntax errors in policy.'],
  ['invalid JSON (trust)', '{', 'trust', 'This policy contains invalid Json'],
  ['array document', '[]', 'identity', 'Syntax errors in policy.'],
  ['missing Statement', JSON.stringify({ Version: '2012-10-17' }), 'identity', 'Syntax errors in policy.'],
  [
    'principal in identity policy',
    doc({ ...allowS3, Principal: '*' }),
    'identity',
    'Policy document should not specify a principal.',
  ],
  ['no actions', doc({ Effect: 'Allow', Resource: '*' }), 'identity', 'Policy statement must contain actions.'],
  [
    'action without vendor',
    doc({ Effect: 'Allow', Action: 'GetObject', Resource: '*' }),
    'identity',
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  ['no resources', doc({ Effect: 'Allow', Action: 's3:*' }), 'identity', 'Policy statement must contain resources.'],
  [
    'trust without principal',
    doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    'trust',
    'Missing required field Principal',
  ],
  ['trust with resource', doc({ ...trust, Resource: '*' }), 'trust', 'Has prohibited field Resource'],
]

describe('validatePolicyDocument', () => {
  it.each(cases)('%s', (_name, text, kind, message) => {
    if (message === undefined) {
      expect(() => validatePolicyDocument(text, kind)).not.toThrow()
      return
    }
    let thrown: unknown
    try {
      validatePolicyDocument(text, kind)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AwsError)
    expect(thrown).toMatchObject({ code: 'MalformedPolicyDocument', status: 400, message })
  })
})
