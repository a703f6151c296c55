/**
 * The module served for an SDK client already required must be what Node's own CommonJS interop gives.
 * Module hooks stay registered for the thread that registers them, and the suite's test files share
 * workers, so the imports run in a child Node process (with tsx, for this TypeScript source).
 */
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exportNamesOf,
  forgetRequired,
  inThreadHooks,
  loadRemembered,
  moduleSourceOf,
  rememberRequired,
} from './required-modules.js'

const served = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function' && inThreadHooks()
const MODULE = path.resolve(import.meta.dirname, 'required-modules.ts')
const REPO = path.resolve(import.meta.dirname, '../..')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-required-'))
  // The child's own files (a .cts user module among them) resolve the SDK from here, as a user's project does.
  await mkdir(path.join(dir, 'node_modules'))
  await symlink(path.join(REPO, 'node_modules/@aws-sdk'), path.join(dir, 'node_modules/@aws-sdk'), 'dir')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/**
 * Runs `body` in a new Node process that registers tsx as bin.mjs does (its ES-module hooks only, so a
 * CommonJS user module's require() goes through Node's ES-module loader), then imports `required-modules`;
 * returns what `body` prints as JSON.
 */
async function inChildProcess(body: string): Promise<Record<string, unknown>> {
  const source = [
    "import { createRequire } from 'node:module'",
    "import { pathToFileURL } from 'node:url'",
    "import { register } from 'tsx/esm/api'",
    'register()',
    `const { rememberRequired, serveRequiredAsModules } = await import(${JSON.stringify(pathToFileURL(MODULE).href)})`,
    `const require = createRequire(${JSON.stringify(path.join(dir, 'package.json'))})`,
    "const file = require.resolve('@aws-sdk/client-cloudwatch-logs')",
    'const url = pathToFileURL(file).href',
    'const exports = require(file)',
    'const names = (ns) => Object.keys(ns).sort()',
    body,
  ].join('\n')
  // Evaluated from the repository, where tsx resolves.
  const args = ['--input-type=module', '--eval', source]
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO })
  return JSON.parse(stdout) as Record<string, unknown>
}

describe.skipIf(!served)('an SDK client already required, imported (where tsx hooks in-thread: Node 22.22.3+)', () => {
  it("gets the same default and named exports as Node's own CommonJS interop, without Node loading the file again", async () => {
    await writeFile(path.join(dir, 'annotated.cjs'), 'exports.A = 1;\n0 && (module.exports = {\n  A,\n  Phantom\n});\n')
    const result = await inChildProcess(`
      // Node's own interop, for the same file: a query makes it another module of the same exports.
      const native = await import(url + '?native')
      rememberRequired(url, exports)
      const serving = serveRequiredAsModules()
      const served = await import(url)
      const differing = names(native).filter((name) => native[name] !== served[name])
      // A stand-in remembered for another file is what that file's import gets: the hook answered, not Node.
      const other = pathToFileURL(require.resolve('@aws-sdk/client-ecr')).href
      rememberRequired(other, { ECRClient: 'stand-in' })
      const standIn = await import(other)
      // An older SDK's esbuild bundle names an export it never assigns: such a file is left to Node.
      const annotated = ${JSON.stringify(path.join(dir, 'annotated.cjs'))}
      rememberRequired(pathToFileURL(annotated).href, require(annotated))
      const leftToNode = await import(annotated)
      console.log(JSON.stringify({ serving, native: names(native), served: names(served), differing,
        defaultIsExports: served.default === exports, moduleExports: served['module.exports'] === exports,
        standIn: standIn.ECRClient, leftToNode: names(leftToNode) }))
    `)
    expect(result.serving).toBe(true)
    // Node 23+ names module.exports "module.exports" too; Node 22 does not, and the served module does.
    const withoutModuleExports = (names: unknown) => (names as string[]).filter((name) => name !== 'module.exports')
    expect(withoutModuleExports(result.served)).toEqual(withoutModuleExports(result.native))
    expect((result.served as string[]).length).toBeGreaterThan(600)
    expect(result.differing).toEqual([])
    expect(result).toMatchObject({ defaultIsExports: true, moduleExports: true })
    expect(result.standIn).toBe('stand-in')
    expect(result.leftToNode).toEqual(['A', 'Phantom', 'default'])
  })

  it('gives a CommonJS user module (.cts) the exports object from require(), and the same client from its import', async () => {
    await writeFile(
      path.join(dir, 'user.cts'),
      [
        "import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'",
        "const required = require('@aws-sdk/client-cloudwatch-logs')",
        'module.exports = { required, imported: CloudWatchLogsClient }',
      ].join('\n'),
    )
    const result = await inChildProcess(`
      rememberRequired(url, exports)
      serveRequiredAsModules()
      const user = (await import(${JSON.stringify(path.join(dir, 'user.cts'))})).default
      console.log(JSON.stringify({ requiredIsExports: user.required === exports,
        importedIsClient: user.imported === exports.CloudWatchLogsClient }))
    `)
    expect(result).toEqual({ requiredIsExports: true, importedIsClient: true })
  })
})

describe('inThreadHooks (tsx 4.23: in-thread hooks from these Node versions on)', () => {
  it.each([
    ['20.20.2', false],
    ['22.15.0', false],
    ['22.22.2', false],
    ['22.22.3', true],
    ['22.23.5', true],
    ['23.11.0', false],
    ['24.11.0', false],
    ['24.11.1', true],
    ['25.0.0', false],
    ['25.1.0', true],
    ['26.0.0', true],
    ['27.2.0', true],
  ])('Node %s: %s', (version, inThread) => {
    expect(inThreadHooks(version, {})).toBe(inThread)
  })

  it('a TypeScript file preloaded with --import keeps tsx on its loader thread, as tsx decides', () => {
    expect(inThreadHooks('22.23.5', { nodeOptions: '--import ./preload.ts' })).toBe(false)
    expect(inThreadHooks('22.23.5', { nodeOptions: '--max-old-space-size=4096 --import=./setup.mts' })).toBe(false)
    // On Node's command line tsx counts only a TypeScript --import before its own.
    expect(inThreadHooks('22.23.5', { execArgv: ['--import', './preload.ts', '--import', 'tsx'] })).toBe(false)
    expect(inThreadHooks('22.23.5', { execArgv: ['--import', 'tsx', '--import', './preload.ts'] })).toBe(true)
    expect(inThreadHooks('22.23.5', { execArgv: ['--import', './setup.mts'] })).toBe(true)
    expect(inThreadHooks('22.23.5', { nodeOptions: '--import ./preload.mjs', execArgv: ['--expose-gc'] })).toBe(true)
  })
})

describe('moduleSourceOf', () => {
  it('exports each name but `default`, whatever it is, next to the exports object as the default', async () => {
    const exports = { plain: 1, class: 2, 'a-b': 3, default: 4, __harnessRequired: 5, $x: 6 }
    Object.defineProperty(exports, 'hidden', { value: 7, enumerable: false })
    const names = [...Object.getOwnPropertyNames(exports), 'neverAssigned']
    const file = path.join(dir, 'odd.mjs')
    rememberRequired('file:///odd.cjs', exports)
    try {
      await writeFile(file, moduleSourceOf('file:///odd.cjs', names))
      const served = (await import(/* @vite-ignore */ `${file}?${Date.now()}`)) as Record<string, unknown>
      expect({ ...served }).toEqual({
        default: exports,
        'module.exports': exports,
        plain: 1,
        class: 2,
        'a-b': 3,
        __harnessRequired: 5,
        $x: 6,
        hidden: 7,
        // A name the file's text exports but never assigns is undefined, as Node has it.
        neverAssigned: undefined,
      })
    } finally {
      forgetRequired('file:///odd.cjs')
    }
  })
})

describe("exportNamesOf: the lexer's names, where every export is an `exports.NAME = …` line", () => {
  it.each([
    ["the SDK's rollup bundles", '"use strict";\nexports.A = A;\nexports.$B = b.B;\n', ['A', '$B']],
    [
      'an esbuild bundle, names annotated (SDK 3.600)',
      'exports.A = 1;\n0 && (module.exports = {\n  A,\n  Phantom\n});\n',
      undefined,
    ],
    ['module.exports assigned', 'module.exports = { A: 1 };\n', undefined],
    ['defineProperty', 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.A = 1;\n', undefined],
    ['an export inside a block', 'exports.A = 1;\nif (x) { exports.B = 2; }\n', undefined],
    ['computed names', 'exports.A = 1;\nexports["B"] = 2;\n', undefined],
    ['esbuild re-exports', '__reExport(src, require("x"), module.exports);\n', undefined],
    ['no exports at all', 'console.log(1)\n', undefined],
  ])('%s', (_case, source, names) => {
    expect(exportNamesOf(source)).toEqual(names)
  })

  it('reads every shipped scenario client as such a bundle (else the hook would serve none of them)', () => {
    for (const client of ['client-ec2', 'client-ecr', 'client-cloudwatch-logs']) {
      const source = readFileSync(path.join(REPO, 'node_modules/@aws-sdk', client, 'dist-cjs/index.js'), 'utf8')
      expect(exportNamesOf(source)?.length, client).toBeGreaterThan(400)
    }
  })
})

describe('loadRemembered (the load hook)', () => {
  const next = (url: string) => ({ format: 'commonjs', source: `loaded ${url} as Node would` })

  it('answers a plain import of a remembered file; a require(), an import with attributes or another file loads as Node would', () => {
    const file = path.join(dir, 'remembered.cjs')
    writeFileSync(file, 'exports.Client = 1;\n')
    const url = pathToFileURL(file).href
    rememberRequired(url, { Client: 1 })
    try {
      const imported = loadRemembered(url, { conditions: ['node', 'import'] }, next)
      expect(imported).toMatchObject({ format: 'module', shortCircuit: true })
      expect(imported.source).toContain('export const { Client }')
      const asNode = next(url)
      // From the CommonJS loader, its require.cache entry deleted: the file itself, not a module namespace.
      expect(loadRemembered(url, { conditions: ['require', 'node'] }, next)).toEqual(asNode)
      // `with { type: 'json' }`: Node's own loader refuses a CommonJS file for it.
      const attributes = { conditions: ['node', 'import'], importAttributes: { type: 'json' } }
      expect(loadRemembered(url, attributes, next)).toEqual(asNode)
      expect(loadRemembered('file:///other.cjs', { conditions: ['node', 'import'] }, next)).toEqual(
        next('file:///other.cjs'),
      )
    } finally {
      forgetRequired(url)
    }
  })
})
