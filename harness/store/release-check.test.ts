import { describe, expect, it } from 'vitest'
import { isReleaseCheck, joinsHistory } from './release-check.js'

describe('joinsHistory', () => {
  it.each([
    // flag, shard, in CI → joins
    [true, false, false, true],
    [false, true, true, false],
    // The release-gate workflow: --no-push in CI.
    [false, false, true, false],
    [undefined, true, false, true],
    [undefined, false, true, true],
    [undefined, false, false, false],
  ])('--push %s, shard %s, CI %s → %s', (flag, shard, ci, expected) => {
    expect(joinsHistory(flag, shard, ci)).toBe(expected)
  })
})

describe('isReleaseCheck', () => {
  it.each([
    // history store, joins, shard → a release check
    [true, false, false, true],
    [true, true, false, false],
    [true, false, true, false],
    [false, false, false, false],
  ])('store %s, joins %s, shard %s → %s', (hasStore, joins, shard, expected) => {
    expect(isReleaseCheck({ hasStore, joins, shard })).toBe(expected)
  })
})
