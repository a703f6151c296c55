import { describe, expect, it } from 'vitest'
import { describeImportError } from './import-module.js'

describe('describeImportError', () => {
  it.each([
    [
      'a syntax error says where it is, not only "Transform failed"',
      new Error('Transform failed with 1 error:\n/p/harness.config.ts:1:28: ERROR: Unexpected "}"'),
      'syntax error at /p/harness.config.ts:1:28: Unexpected "}"',
    ],
    [
      'several syntax errors are all named',
      new Error('Transform failed with 2 errors:\n/p/a.ts:1:2: ERROR: one\n/p/a.ts:3:4: ERROR: two'),
      'syntax error at /p/a.ts:1:2: one; /p/a.ts:3:4: two',
    ],
    ['an error thrown at import keeps its first line', new Error('boom at load\n    at stack'), 'boom at load'],
    ['a thrown non-Error is printed', 'plain string', 'plain string'],
  ])('%s', (_case, error, text) => {
    expect(describeImportError(error)).toBe(text)
  })
})
