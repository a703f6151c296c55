import { describe, expect, it } from 'vitest'
import { AwsError } from './errors.js'
import {
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalStringList,
  optionalStringMap,
  requireInteger,
  requireList,
  requireString,
} from './params.js'
import type { Protocol, RequestContext } from './types.js'

function ctxOf(protocol: Protocol, params: Record<string, unknown>, validationErrorCode?: string): RequestContext {
  return { protocol, params, serviceDefinition: { validationErrorCode } } as unknown as RequestContext
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (error) {
    if (error instanceof AwsError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected an AwsError')
}

describe('missing required parameters, per protocol', () => {
  it.each([
    {
      protocol: 'json' as const,
      code: 'InvalidParameterException',
      configured: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    },
    {
      protocol: 'json' as const,
      code: 'ValidationException',
      configured: undefined,
      message:
        "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    },
    {
      protocol: 'query' as const,
      code: 'ValidationError',
      configured: 'ignored-for-query',
      message:
        "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    },
    {
      protocol: 'ec2' as const,
      code: 'MissingParameter',
      configured: undefined,
      message: 'The request must contain the parameter LogGroupName',
    },
  ])('$protocol → $code', ({ protocol, code, configured, message }) => {
    const name = protocol === 'ec2' ? 'LogGroupName' : 'logGroupName'
    expect(errorOf(() => requireString(ctxOf(protocol, {}, configured), name))).toEqual({ code, message })
  })
})

describe('value checks', () => {
  it.each([
    {
      fn: () => requireString(ctxOf('query', { n: ['5'] }), 'n'),
      text: "Value '[\"5\"]' at 'n' failed to satisfy constraint: Member must be a string",
    },
    {
      fn: () => requireString(ctxOf('json', { n: '' }), 'n', { min: 1 }),
      text: 'Member must have length greater than or equal to 1',
    },
    {
      fn: () => requireString(ctxOf('json', { n: 'abc' }), 'n', { max: 2 }),
      text: 'Member must have length less than or equal to 2',
    },
    {
      fn: () => requireString(ctxOf('json', { n: 'a b' }), 'n', { pattern: /^\S+$/ }),
      text: 'Member must satisfy regular expression pattern: ^\\S+$',
    },
    {
      fn: () => requireString(ctxOf('json', { n: 'X' }), 'n', { oneOf: ['A', 'B'] }),
      text: 'Member must satisfy enum value set: [A, B]',
    },
    { fn: () => optionalInteger(ctxOf('query', { N: '5x' }), 'N'), text: 'Member must be an integer' },
    {
      fn: () => optionalInteger(ctxOf('query', { N: '10' }), 'N', { max: 5 }),
      text: 'Member must have value less than or equal to 5',
    },
  ])('rejects: $text', ({ fn, text }) => {
    expect(errorOf(fn).message).toContain(text)
  })

  it.each([
    { fn: () => requireString(ctxOf('json', { n: 5 }), 'n'), message: 'NUMBER_VALUE can not be converted to a String' },
    {
      fn: () => requireString(ctxOf('rest-json', { n: ['a'] }), 'n'),
      message: 'Start of list found where not expected',
    },
    {
      fn: () => requireString(ctxOf('json', { n: { a: 1 } }), 'n'),
      message: 'Start of structure or map found where not expected.',
    },
    {
      fn: () => requireString(ctxOf('json', { n: true }), 'n'),
      message: 'TRUE_VALUE can not be converted to a String',
    },
    {
      fn: () => optionalInteger(ctxOf('json', { n: '5' }), 'n'),
      message: 'STRING_VALUE can not be converted to an Integer',
    },
    {
      fn: () => optionalBoolean(ctxOf('json', { b: 0 }), 'b'),
      message: 'NUMBER_VALUE can not be converted to a Boolean',
    },
    { fn: () => optionalList(ctxOf('json', { l: 'x' }), 'l'), message: 'Expected list or null' },
    {
      fn: () => optionalStringList(ctxOf('json', { l: [1] }), 'l'),
      message: 'NUMBER_VALUE can not be converted to a String',
    },
    { fn: () => optionalStringMap(ctxOf('json', { m: [] }), 'm'), message: 'Start of list found where not expected' },
    {
      fn: () => optionalStringMap(ctxOf('json', { m: { a: 1 } }), 'm'),
      message: 'NUMBER_VALUE can not be converted to a String',
    },
  ])('JSON protocols answer a wrong type with SerializationException: $message', ({ fn, message }) => {
    expect(errorOf(fn)).toEqual({ code: 'SerializationException', message })
  })

  it('EC2 invalid values use InvalidParameterValue', () => {
    expect(errorOf(() => optionalBoolean(ctxOf('ec2', { DryRun: 'yes' }), 'DryRun'))).toEqual({
      code: 'InvalidParameterValue',
      message: 'Value (yes) for parameter DryRun is invalid. Member must be a boolean',
    })
  })

  it.each([
    { value: () => optionalInteger(ctxOf('query', { N: '3600' }), 'N'), expected: 3600 },
    { value: () => requireInteger(ctxOf('json', { n: 7 }), 'n'), expected: 7 },
    { value: () => optionalInteger(ctxOf('query', {}), 'N'), expected: undefined },
    { value: () => optionalBoolean(ctxOf('ec2', { DryRun: 'true' }), 'DryRun'), expected: true },
    { value: () => optionalBoolean(ctxOf('json', { force: false }), 'force'), expected: false },
    { value: () => optionalList(ctxOf('query', { Tags: '' }), 'Tags'), expected: [] },
    { value: () => requireList(ctxOf('ec2', { InstanceId: ['i-1'] }), 'InstanceId'), expected: ['i-1'] },
    { value: () => optionalStringMap(ctxOf('json', { tags: { a: 'b' } }), 'tags'), expected: { a: 'b' } },
  ])('accepts and converts → $expected', ({ value, expected }) => {
    expect(value()).toEqual(expected)
  })
})
