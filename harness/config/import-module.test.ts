import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeImportError, loadsAsEsModule, retriedThroughTsImport, sdkClientUrls } from './import-module.js'

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

describe('sdkClientUrls (what is loaded before tsx registers)', () => {
  it('finds the SDK clients a module imports, statically or dynamically, resolved from the module', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-preload-'))
    await mkdir(path.join(dir, 'node_modules'))
    await symlink(
      path.resolve(import.meta.dirname, '../../node_modules/@aws-sdk'),
      path.join(dir, 'node_modules/@aws-sdk'),
      'dir',
    )
    const file = path.join(dir, 'scenario.ts')
    await writeFile(
      file,
      [
        "import { EC2Client } from '@aws-sdk/client-ec2'",
        "import type { Tag } from '@aws-sdk/client-ecr'",
        "const logs = await import('@aws-sdk/client-cloudwatch-logs')",
        "import { defineScenario } from './helpers.js'",
        "import { z } from 'zod'",
        "import { nothing } from '@aws-sdk/client-not-installed'",
      ].join('\n'),
    )
    try {
      const urls = [...(await sdkClientUrls([file]))].map((url) => url.replace(/^.*\/node_modules\//, ''))
      // The type-only import is listed too: an early load costs time, never changes what the file gets.
      expect(urls.sort()).toEqual([
        '@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js',
        '@aws-sdk/client-ec2/dist-cjs/index.js',
        '@aws-sdk/client-ecr/dist-cjs/index.js',
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('retriedThroughTsImport (what Node refuses, not what the file does)', () => {
  const coded = (code: string) => Object.assign(new Error(code), { code })
  const typeErrorAt = (frame: string) => {
    const error = new TypeError("Cannot read properties of undefined (reading 'exports')")
    error.stack = `TypeError: ${error.message}\n    at ${frame}\n    at <anonymous> (/p/scenarios/typed.cts:1:32)`
    return error
  }
  it.each([
    ["Node 20's require(esm) cycle", coded('ERR_REQUIRE_CYCLE_MODULE'), true],
    ["Node 22's not-linked module", coded('ERR_VM_MODULE_LINK_FAILURE'), true],
    ["Node 22's unresolved local .ts require", coded('MODULE_NOT_FOUND'), true],
    [
      "a TypeError from Node 20's module code",
      typeErrorAt('require (node:internal/modules/esm/translators:191:33)'),
      true,
    ],
    ["a TypeError from the file's own top level", typeErrorAt('file:///p/scenarios/broken.ts:3:9'), false],
    ['an ES module import that does not resolve', coded('ERR_MODULE_NOT_FOUND'), false],
    ['any other error', new Error('boom'), false],
  ])('%s: %s', (_case, error, retried) => {
    expect(retriedThroughTsImport(error)).toBe(retried)
  })
})

describe('loadsAsEsModule (whose SDK clients a check may stand in)', () => {
  it('follows the extension, then the nearest package.json, and says no when in doubt', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-es-module-'))
    try {
      const write = async (file: string, text: string) => {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
        await writeFile(path.join(dir, file), text)
      }
      await write('esm/package.json', '{ "type": "module" }')
      await write('esm/nested/deeper/a.ts', '')
      await write('cjs/package.json', '{ "name": "x" }')
      await write('broken/package.json', '{ "type": ')
      const at = (file: string) => loadsAsEsModule(path.join(dir, file))
      expect(await at('esm/nested/deeper/a.ts')).toBe(true)
      expect(await at('esm/b.cts')).toBe(false)
      expect(await at('cjs/a.ts')).toBe(false)
      expect(await at('cjs/a.mts')).toBe(true)
      expect(await at('cjs/a.mjs')).toBe(true)
      expect(await at('broken/a.ts')).toBe(false)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
