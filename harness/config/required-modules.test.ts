/**
 * The module served for an SDK client already required must be what Node's own CommonJS interop gives.
 * Module hooks stay registered for the thread that registers them, and the suite's test files share
 * worker threads, so the imports run in a child Node process (with tsx, for this TypeScript source).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRemembered, moduleSourceOf, rememberRequired } from './required-modules.js'

const hasInThreadHooks = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function'
const MODULE = path.resolve(import.meta.dirname, 'required-modules.ts')
const REPO = path.resolve(import.meta.dirname, '../..')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-required-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs `body` (an ES module's top level, with `required-modules` imported) in a new Node process; its JSON output. */
async function inChildProcess(body: string): Promise<Record<string, unknown>> {
  const script = path.join(dir, `check-${Math.random().toString(36).slice(2)}.mts`)
  await writeFile(
    script,
    [
      "import { createRequire } from 'node:module'",
      "import { pathToFileURL } from 'node:url'",
      `import { rememberRequired, serveRequiredAsModules } from ${JSON.stringify(MODULE)}`,
      `const require = createRequire(${JSON.stringify(path.join(REPO, 'package.json'))})`,
      body,
    ].join('\n'),
  )
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: REPO })
  return JSON.parse(stdout) as Record<string, unknown>
}

describe.skipIf(!hasInThreadHooks)(
  'an SDK client already required, imported (Node 22.15+: module.registerHooks)',
  () => {
    it("gets the same default and named exports as Node's own CommonJS interop, without Node loading the file again", async () => {
      const result = await inChildProcess(`
      const file = require.resolve('@aws-sdk/client-cloudwatch-logs')
      const url = pathToFileURL(file).href
      const exports = require(file)
      // Node's own interop, for the same file: a query makes it another module of the same exports.
      const native = await import(url + '?native')
      rememberRequired(url, exports)
      const serving = serveRequiredAsModules()
      const served = await import(url)
      const names = (ns) => Object.keys(ns).sort()
      const differing = names(native).filter((name) => native[name] !== served[name])
      // A stand-in remembered for another file is what that file's import gets: the hook answered, not Node.
      const other = pathToFileURL(require.resolve('@aws-sdk/client-ecr')).href
      rememberRequired(other, { StandIn: 1 })
      const standIn = await import(other)
      console.log(JSON.stringify({ serving, native: names(native), served: names(served), differing,
        defaultIsExports: served.default === exports, standIn: names(standIn) }))
    `)
      expect(result.serving).toBe(true)
      expect(result.served).toEqual(result.native)
      expect((result.served as string[]).length).toBeGreaterThan(600)
      expect(result.differing).toEqual([])
      expect(result.defaultIsExports).toBe(true)
      expect(result.standIn).toEqual(['StandIn', 'default'])
    })
  },
)

describe('moduleSourceOf', () => {
  it('exports every own property but `default`, whatever its name, next to the exports object as the default', async () => {
    const exports = { plain: 1, class: 2, 'a-b': 3, default: 4, __harnessRequired: 5, $x: 6 }
    Object.defineProperty(exports, 'hidden', { value: 7, enumerable: false })
    const file = path.join(dir, 'odd.mjs')
    // The generated module reads what it re-exports from the thread's map (required-modules.ts's own).
    const shared = (globalThis as Record<symbol, Map<string, object>>)[Symbol.for('harness.requiredModuleExports')]!
    shared.set('file:///odd.cjs', exports)
    await writeFile(file, moduleSourceOf('file:///odd.cjs', exports))
    const served = (await import(/* @vite-ignore */ `${file}?${Date.now()}`)) as Record<string, unknown>
    expect({ ...served }).toEqual({
      default: exports,
      plain: 1,
      class: 2,
      'a-b': 3,
      __harnessRequired: 5,
      $x: 6,
      hidden: 7,
    })
    shared.delete('file:///odd.cjs')
  })
})

describe('loadRemembered (the load hook)', () => {
  const next = (url: string) => ({ format: 'commonjs', source: `loaded ${url} as Node would` })

  it('answers an import of a remembered file; a require() of it, or of any other file, loads as Node would', () => {
    rememberRequired('file:///remembered.cjs', { Client: 1 })
    const imported = loadRemembered('file:///remembered.cjs', { conditions: ['node', 'import'] }, next)
    expect(imported).toMatchObject({ format: 'module', shortCircuit: true })
    expect(imported.source).toContain('export const { Client }')
    // Its require.cache entry deleted, a require() must get the CommonJS exports object, not a module namespace.
    expect(loadRemembered('file:///remembered.cjs', { conditions: ['require', 'node'] }, next)).toEqual(
      next('file:///remembered.cjs'),
    )
    expect(loadRemembered('file:///other.cjs', { conditions: ['node', 'import'] }, next)).toEqual(
      next('file:///other.cjs'),
    )
    ;(globalThis as Record<symbol, Map<string, object>>)[Symbol.for('harness.requiredModuleExports')]!.delete(
      'file:///remembered.cjs',
    )
  })
})
