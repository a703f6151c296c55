import { describe, expect, it } from 'vitest'
import { needsCommonJsHooks } from './register-typescript.js'

describe("needsCommonJsHooks: tsx's CommonJS hooks where Node strips types and tsx's hooks run on a loader thread", () => {
  it.each([
    // Node 20 and 22.17 do not strip types: a CommonJS project's .ts reaches tsx's ES-module hooks.
    ['20.20.2', false, false],
    ['22.17.1', false, false],
    // 22.18 strips types by default while tsx 4.23 hooks on a loader thread (seen failing: 22.18.0, 22.22.2).
    ['22.18.0', 'strip', true],
    ['22.22.2', 'strip', true],
    ['24.10.0', 'strip', true],
    // tsx hooks in-thread from 22.22.3 and 24.11.1: its ES-module hooks see the file first.
    ['22.22.3', 'strip', false],
    ['22.23.5', 'strip', false],
    ['24.11.1', 'strip', false],
  ])('Node %s (features.typescript %s): %s', (version, stripsTypes, needed) => {
    expect(needsCommonJsHooks(version, stripsTypes, {})).toBe(needed)
  })

  it('also on Node 22.23 when NODE_OPTIONS preloads a TypeScript file (tsx then hooks on a loader thread)', () => {
    expect(needsCommonJsHooks('22.23.5', 'strip', { nodeOptions: '--import ./preload.ts' })).toBe(true)
  })
})
