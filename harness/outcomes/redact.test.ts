import { describe, expect, it } from 'vitest'
import { findSecretShapes, REDACTED, redactSecrets } from './redact.js'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const EMULATOR_TOKEN = Buffer.alloc(96, 7).toString('base64').replace(/^.{8}/, 'Ab3+9zQ/')
const BLOB = 'Wp9t5kWpb0BG9zC-wP5y2zTyvKaH0_zx1Q8sVn7p-MCfR3ZQ'.repeat(5)

const cases: Array<[string, string, string]> = [
  ['temporary access key id', 'key ASIAQWERTYUIOPASDFGH used', `key ${REDACTED} used`],
  ['long-term access key id', 'key AKIAIOSFODNN7EXAMPLE used', `key ${REDACTED} used`],
  ['access key id glued to a word', 'BadASIAQWERTYUIOPASDFGH', `Bad${REDACTED}`],
  ['secret access key shape', `secret is ${SECRET}.`, `secret is ${REDACTED}.`],
  ['emulator session token (128 base64 chars)', `token ${EMULATOR_TOKEN} end`, `token ${REDACTED} end`],
  ['keyed value', 'X-Amz-Security-Token: abc.def', `X-Amz-Security-Token: ${REDACTED}`],
  ['json keyed value', '{"SecretAccessKey":"short"}', `{"SecretAccessKey":"${REDACTED}"}`],
  ['query-string signature', 'a=1&Signature=xyz&b=2', `a=1&Signature=${REDACTED}&b=2`],
  ['password after a compound key', 'MasterUserPassword: hunter2', `MasterUserPassword: ${REDACTED}`],
  // Starting like an outcome word is not being one (review).
  ['password starting like an outcome', 'MasterUserPassword: Error-2024!x', `MasterUserPassword: ${REDACTED}`],
  [
    'password starting like another',
    'password=denied.Xy9 secret=credentials/abc',
    `password=${REDACTED} secret=${REDACTED}`,
  ],
  ['json password', '{"Password":"Allowed#1"}', `{"Password":"${REDACTED}"}`],
]

const kept: Array<[string, string]> = [
  ['account id and ARN', 'arn:aws:iam::123456789012:role/harness-minimal-role-with-a-long-name-abcdef'],
  ['role unique id', 'AROAQWERTYUIOPASDFGHJ:harness-session'],
  ['request id', 'c1a7f3b2-1234-4cde-9f00-0123456789ab'],
  ['EC2 encoded authorization message', `You are not authorized. Encoded authorization failure message: ${BLOB}`],
  ['log group path', 'log-group:/aws/lambda/harnessfunctionnamethatislongenoughtobe40'],
  ['signature prose', 'The request signature we calculated does not match the signature you provided.'],
  ['step named like a secret, with its outcome', 'qa/secrets › CreateSecret: allowed (0 ms)'],
  ['denied step named like a password', 'PutPassword: denied secretsmanager:PutSecretValue; RotateSecret: error'],
]

describe('redactSecrets', () => {
  it.each(cases)('redacts a %s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected)
    expect(findSecretShapes(input).length).toBeGreaterThan(0)
  })

  it.each(kept)('keeps a %s', (_name, input) => {
    expect(redactSecrets(input)).toBe(input)
    expect(findSecretShapes(input)).toEqual([])
  })

  it('names every shape in a longer text once, in pattern order, whatever their order in the text', () => {
    const text = `{"a": "${SECRET}", "b": "token ${EMULATOR_TOKEN}", "c": "ASIAQWERTYUIOPASDFGH", "d": "${BLOB}"}`
    expect(findSecretShapes(text)).toEqual(['access key id', 'session token', 'secret access key'])
    expect(findSecretShapes(`Encoded authorization failure message: ${BLOB} then ${SECRET}`)).toEqual([
      'secret access key',
    ])
  })

  it('finds nothing left after redaction', () => {
    const all = cases.map(([, input]) => input).join(' | ')
    expect(findSecretShapes(redactSecrets(all))).toEqual([])
  })
})
