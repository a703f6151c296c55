/**
 * Imports a user's TypeScript/JavaScript module (harness.config.ts, scenario files). Plain import()
 * works once tsx is registered (here, on first use, when the CLI runs from bin.mjs or in a compiled
 * scenario thread); a .ts file in a project without "type": "module" loads as CommonJS and can trip
 * Node's require(esm) rules, so then tsx's tsImport is used and the interop unwrapped.
 *
 * On Node 20 tsx's hooks run on a loader thread: every module imported after registering them costs a
 * round trip, and the AWS SDK's CommonJS files are then loaded through the ESM loader one by one
 * (over 1 s of CPU for a run's SDK clients, against about 0.4 s before). So what a command will load
 * anyway is loaded first (preloadBeforeTypeScript), and the SDK clients a user module names are required
 * before it is imported (preloadSdkClientsOf).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { forgetStandIns, rememberRequired, serveRequiredAsModules, standInFor } from './required-modules.js'

/**
 * How Node refuses a CommonJS user module (tsx's transform of a .ts file outside a "type": "module"
 * package) that requires an ES module, such as harness's authoring API: Node 20 says it is a cycle, Node 22
 * that an imported module is not linked yet. tsImport loads such a file in a namespace of its own, and
 * its error, if any, is then the file's own.
 */
const REQUIRE_ESM_CODES = new Set([
  'ERR_REQUIRE_CYCLE_MODULE',
  'ERR_REQUIRE_ESM',
  'ERR_REQUIRE_ASYNC_MODULE',
  'ERR_VM_MODULE_LINK_FAILURE',
])

/**
 * Set by bin.mjs and the compiled scenario worker: registers tsx once. Absent where TypeScript already
 * loads (vitest, `node --import tsx`); read at each call, since the worker sets it after its imports.
 */
type RegisterTypeScript = () => Promise<void>
const REGISTER_TYPESCRIPT = Symbol.for('harness.registerTypeScript')
const registerTypeScript = () => (globalThis as Record<symbol, RegisterTypeScript | undefined>)[REGISTER_TYPESCRIPT]

let registered = false
/** User modules whose SDK clients are loaded already (a scenario thread imports its files again and again). */
const preloadedFiles = new Set<string>()
let preloads: Array<() => Promise<unknown>> = []
/** Whether the SDK clients user modules name are stood in instead of loaded (standInSdkClients). */
let standingIn = false

/** `load` runs just before tsx is registered (if it still is to be); a no-op where TypeScript already loads. */
export function preloadBeforeTypeScript(load: () => Promise<unknown>): void {
  if (registerTypeScript() && !registered) preloads.push(load)
}

/**
 * The AWS SDK clients a user module imports by name (`@aws-sdk/client-*`), required before the module is
 * imported (where tsx is to be registered; a no-op where TypeScript already loads). require() never goes
 * through tsx's hooks, also once they exist (scenario files are collected after the config registered
 * them), and a client already required is not loaded again by the module's import: otherwise each file
 * of the client and of its @smithy dependencies is resolved, read and lexed through the hooks thread.
 */
export async function preloadSdkClientsOf(files: readonly string[]): Promise<void> {
  if (!registerTypeScript()) return
  const unread = files.filter((file) => !preloadedFiles.has(file))
  for (const file of unread) preloadedFiles.add(file)
  const load = createRequire(import.meta.url)
  for (const file of unread) {
    // A CommonJS file require()s its clients: Node may route that through the ES-module hooks too, where a
    // stand-in would hand it an empty exports object. Its clients load.
    const standIn = standingIn && (await loadsAsEsModule(file))
    for (const url of await sdkClientUrls([file])) {
      if (standIn && standInFor(url)) continue
      try {
        // The module's own import then gets these exports without lexing the file (required-modules.ts).
        rememberRequired(url, load(fileURLToPath(url)))
      } catch {
        // A client that fails to load fails again, with its own error, where the module imports it.
      }
    }
  }
}

/**
 * Whether Node and tsx load `file` as an ES module: `.mjs`/`.mts`, or another extension in a package
 * whose nearest package.json says "type": "module". In doubt (no package.json, one that does not parse) no.
 */
export async function loadsAsEsModule(file: string): Promise<boolean> {
  if (/\.m[jt]s$/.test(file)) return true
  if (/\.c[jt]s$/.test(file)) return false
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined)
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === 'module'
      } catch {
        return false
      }
    }
    if (path.dirname(dir) === dir) return false
  }
}

/**
 * While `on`, this thread stands in the SDK clients user modules name (required-modules.ts standInFor)
 * instead of loading them, where it can: a check of scenario files then costs tsx and the files, not the
 * SDK (check-scenarios.ts). Turned off, clients not imported meanwhile load as before. A thread where an
 * import got a stand-in (required-modules.ts standInServed) runs no user code afterwards: a module that
 * kept a stood-in export holds undefined.
 */
export function standInSdkClients(on: boolean): void {
  standingIn = on
  if (!on) forgetStandIns()
}

/**
 * Client packages named in import statements of `files`, resolved from each file. A hint only: a name
 * in a comment or one that does not resolve is skipped or loads early, never changes what the module
 * gets. Only `@aws-sdk/client-*`: side-effect free, and none has an `exports` map, so require's
 * resolution is the file the module's own import resolves to.
 */
export async function sdkClientUrls(files: readonly string[]): Promise<Set<string>> {
  const urls = new Set<string>()
  for (const file of files) {
    const source = await readFile(file, 'utf8').catch(() => '')
    const resolve = createRequire(file).resolve
    for (const [, name] of source.matchAll(/(?:from|import)\s*\(?\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) {
      try {
        urls.add(pathToFileURL(resolve(name as string)).href)
      } catch {
        // Not installed where the file is: its own import will say so.
      }
    }
  }
  return urls
}

let typeScriptReady: Promise<void> | undefined

/** Runs the preloads (a failing one fails again where its module is really imported), then registers tsx. */
function ensureTypeScript(): Promise<void> {
  const register = registerTypeScript()
  if (!register) return Promise.resolve()
  typeScriptReady ??= (async () => {
    const pending = preloads
    preloads = []
    for (const load of pending) await load().catch(() => undefined)
    registered = true
    await register()
    serveRequiredAsModules()
  })()
  return typeScriptReady
}

/**
 * `reload` (1, 2, …) imports an ES module file as a new instance instead of the cached one (its own
 * imports stay cached); CommonJS files are cached by path whatever the URL says.
 */
export async function importUserModule(file: string, reload?: number): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href + (reload ? `?harness-reload=${reload}` : '')
  await preloadSdkClientsOf([file])
  await ensureTypeScript()
  try {
    // Node 22 hands a CommonJS file's exports object over as the default export, tsx's `export default` interop included.
    return unwrapInterop(await import(url))
  } catch (error) {
    if (!retriedThroughTsImport(error)) throw error
    const { tsImport } = await import('tsx/esm/api')
    try {
      return unwrapInterop(await tsImport(pathToFileURL(file).href, import.meta.url))
    } catch (retryError) {
      // After a refusal the first error says nothing about the file; otherwise it is the file's own.
      throw REQUIRE_ESM_CODES.has(codeOf(error) ?? '') ? retryError : error
    }
  }
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string }).code

/**
 * Also retried through tsImport, whose error is then not reported (the first one is):
 * - on Node 22, once the authoring API is loaded, a CommonJS file's require() of a local .ts helper
 *   ('../lib/names') is resolved without tsx: MODULE_NOT_FOUND, where tsImport resolves it;
 * - Node 20's import() of a .cts file after a plain .js file that required the authoring API fails inside
 *   Node's own module code, as a TypeError with no code ("Cannot read properties of undefined (reading
 *   'exports')"). A TypeError the file's own top level throws is not retried: the retry would run its
 *   top level, side effects and all, a second time.
 */
export function retriedThroughTsImport(error: unknown): boolean {
  if (REQUIRE_ESM_CODES.has(codeOf(error) ?? '') || codeOf(error) === 'MODULE_NOT_FOUND') return true
  return error instanceof TypeError && /^\s+at .*\(node:internal\/modules\//.test(error.stack?.split('\n')[1] ?? '')
}

/**
 * One line saying why a user module failed to load. For a syntax error esbuild's first line is only
 * "Transform failed with 1 error:"; the located errors (file:line:column: text) follow it.
 */
export function describeImportError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const [first = '', ...rest] = error.message.split('\n')
  if (!/^Transform failed with \d+ errors?:$/.test(first.trim())) return first
  const located = rest.map((line) => line.trim().replace(/: ERROR: /, ': ')).filter((line) => line.length > 0)
  return located.length > 0 ? `syntax error at ${located.slice(0, 3).join('; ')}` : first
}

/** CommonJS-compiled `export default x` arrives as { default: { default: x } }. */
export function unwrapInterop(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default as Record<string, unknown> | undefined
  if (
    inner &&
    typeof inner === 'object' &&
    'default' in inner &&
    Object.keys(inner).every((k) => k === 'default' || k === '__esModule')
  ) {
    return { ...module, default: inner.default }
  }
  return module
}
