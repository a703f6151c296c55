/**
 * The ES-module face of the AWS SDK clients that import-module.ts has already required. A user module's
 * `import { EC2Client } from '@aws-sdk/client-ec2'` otherwise has Node read the client's CommonJS file
 * once more and lex it for its export names (cjs-module-lexer), and tsx lex it again to tell its format
 * (es-module-lexer): EC2's file alone is 2 MB, and the three shipped scenarios' clients cost a scenario
 * thread about 90 ms before CreateAccount (issue #13 item 3).
 *
 * Where tsx runs its own hooks in this thread (inThreadHooks), an in-thread load hook answers that import
 * with a small module handing over what require() returned, under the names Node would give it: only for
 * a file whose every export is an `exports.NAME = …` line (the SDK's current bundles), whose names are
 * then the lexer's (exportNamesOf; checked for the 16 installed clients, EC2's 4,992 names included). Any other file (an older SDK's esbuild bundle names exports
 * in an annotation, some of them never assigned) loads through Node as before. module.exports is the
 * default export and also the `"module.exports"` export, so a require() that reaches this hook (from a
 * CommonJS user module loaded through the ES-module loader) still gets the exports object: Node 23+ names
 * that export for every CommonJS module; on Node 22 it is the one name Node's own namespace lacks.
 */
import { readFileSync } from 'node:fs'
import nodeModule from 'node:module'
import { fileURLToPath } from 'node:url'

/** Where the generated modules find what require() returned: one map per thread, whichever copy of this module made it. */
const REQUIRED_EXPORTS = Symbol.for('harness.requiredModuleExports')
interface Required {
  exports: Map<string, object>
  /** Each served file's export names; null where the file is left to Node (exportNamesOf). */
  names: Map<string, string[] | null>
  /** Files served by their names alone, never required (standInFor). */
  standIns: Set<string>
  /** Whether an import got such a stand-in: its importers hold undefined for good. */
  standInServed: boolean
  serving: boolean
}
const perThread = globalThis as Record<symbol, Required | undefined>
perThread[REQUIRED_EXPORTS] ??= {
  exports: new Map(),
  names: new Map(),
  standIns: new Set(),
  standInServed: false,
  serving: false,
}
const required = perThread[REQUIRED_EXPORTS]

interface LoadContext {
  format?: string | null
  conditions?: readonly string[]
  importAttributes?: Record<string, string>
}
interface LoadResult {
  format: string
  source?: string | Buffer
  shortCircuit?: boolean
}
type LoadHook = (
  url: string,
  context: LoadContext,
  nextLoad: (url: string, context: LoadContext) => LoadResult,
) => LoadResult
/** module.registerHooks (Node 22.15+, 23.5+); @types/node 20 does not know it yet. */
type RegisterHooks = (hooks: { load: LoadHook }) => unknown

/** Remembers a CommonJS module's exports, required from `url` (its file URL as an import resolves it). */
export function rememberRequired(url: string, exports: unknown): void {
  if ((typeof exports === 'object' || typeof exports === 'function') && exports !== null)
    required.exports.set(url, exports)
}

/** Forgets what rememberRequired() or standInFor() was told for `url`. */
export function forgetRequired(url: string): void {
  required.exports.delete(url)
  required.names.delete(url)
  required.standIns.delete(url)
}

/**
 * From now on an import of `url`, a CommonJS file never required, gets its export names bound to nothing
 * (undefined; the default export an empty object), so a scenario thread can check scenario files without
 * loading their SDK clients (check-scenarios.ts): EC2's alone costs about 150 ms of a run's start-up.
 * A thread where an import got one runs no scenario afterwards (standInServed). False, and nothing changes, where the file's names cannot be
 * read (exportNamesOf) or where modules are not served (inThreadHooks): then it loads as it would.
 */
export function standInFor(url: string): boolean {
  if (!servable() || !namesOf(url)) return false
  required.standIns.add(url)
  return true
}

/** Files not imported yet are no longer stood in (a module already served stays what it is). */
export function forgetStandIns(): void {
  required.standIns.clear()
}

/** Whether some import in this thread got a stand-in (standInFor): a require() never does. */
export const standInServed = (): boolean => required.standInServed

/** Whether this thread can serve stand-ins (and remembered exports) at all: Node's in-thread hooks (inThreadHooks). */
export const canStandIn = (): boolean => servable()

/**
 * The Node versions from which tsx 4.23 registers its hooks in-thread (module.registerHooks; its
 * isFeatureSupported table in dist/register-*.cjs): before them it runs them on a loader thread, and an
 * in-thread hook in front of those gets tsx's source-less answer for a CommonJS file and fails it
 * (ERR_INVALID_RETURN_PROPERTY_VALUE). Per major, its first such version; any other major is compared
 * with the last entry (so 23 is not, 27 is).
 */
const TSX_IN_THREAD_FROM: ReadonlyArray<readonly [number, number, number]> = [
  [22, 22, 3],
  [24, 11, 1],
  [25, 1, 0],
  [26, 0, 0],
]

/**
 * Whether tsx's hooks, and so this hook, run in this thread: on Node `version` (TSX_IN_THREAD_FROM), unless
 * a TypeScript file is preloaded with `--import` (in NODE_OPTIONS or Node's own flags), for which tsx
 * keeps its hooks on a loader thread (its hasTypeScriptPreload check).
 */
export function inThreadHooks(
  version: string = process.versions.node,
  preloads: { nodeOptions?: string; execArgv?: readonly string[] } = {
    nodeOptions: process.env.NODE_OPTIONS,
    execArgv: process.execArgv,
  },
): boolean {
  return versionHooksInThread(version) && !preloadsTypeScript(preloads.nodeOptions ?? '', preloads.execArgv ?? [])
}

function versionHooksInThread(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  for (const [i, from] of TSX_IN_THREAD_FROM.entries()) {
    if (major !== from[0] && i < TSX_IN_THREAD_FROM.length - 1) continue
    return major !== from[0] ? major > from[0] : minor !== from[1] ? minor > from[1] : patch >= from[2]
  }
  return false
}

/**
 * tsx's hasTypeScriptPreload: a TypeScript file `--import`ed through NODE_OPTIONS, or on Node's command
 * line before tsx's own `--import` (bin.mjs is never started so: harness registers tsx itself).
 */
function preloadsTypeScript(nodeOptions: string, execArgv: readonly string[]): boolean {
  const fromOptions = [...nodeOptions.matchAll(/(?:^|\s)--import(?:=|\s+)(\S+)/g)].map(([, file]) => file ?? '')
  const fromFlags = execArgv.flatMap((flag, i) =>
    flag === '--import' ? [execArgv[i + 1] ?? ''] : flag.startsWith('--import=') ? [flag.slice(9)] : [],
  )
  const tsx = fromFlags.findIndex(isTsxImport)
  return fromOptions.some(isTypeScriptFile) || (tsx > 0 && fromFlags.slice(0, tsx).some(isTypeScriptFile))
}

const isTypeScriptFile = (file: string) => /\.(?:[cm]?ts|tsx)(?:[?#].*)?$/.test(file)
const isTsxImport = (file: string) => /^tsx(?:\/esm)?$|[\\/]tsx[\\/]dist[\\/](?:loader|esm[\\/]index)\.mjs$/.test(file)

/**
 * From now on, importing a remembered file gets the module moduleSourceOf() writes. Called once tsx is
 * registered, so this hook runs before tsx's (the last registered runs first). False where it is not
 * served (inThreadHooks).
 */
export function serveRequiredAsModules(): boolean {
  if (!servable()) return false
  if (required.serving) return true
  required.serving = true
  registerHooks()!({ load: loadRemembered })
  return true
}

const registerHooks = () => (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks
const servable = () => typeof registerHooks() === 'function' && inThreadHooks()

/** The load hook: a plain import of a remembered file gets moduleSourceOf(); anything else loads as it would. */
export const loadRemembered: LoadHook = (url, context, nextLoad) => {
  const known = required.exports.has(url) || required.standIns.has(url)
  // A require() from the CommonJS loader (its cache entry deleted) loads the file itself, and an import
  // with attributes (`with { type: 'json' }`) gets Node's own verdict on them.
  const plainImport = context.conditions?.includes('import') && Object.keys(context.importAttributes ?? {}).length === 0
  const names = known && plainImport ? namesOf(url) : null
  if (!names) return nextLoad(url, context)
  if (!required.exports.has(url)) required.standInServed = true
  return { format: 'module', source: moduleSourceOf(url, names), shortCircuit: true }
}

function namesOf(url: string): string[] | null {
  let names = required.names.get(url)
  if (names === undefined) {
    names = exportNamesOf(readFileSync(fileURLToPath(url), 'utf8')) ?? null
    required.names.set(url, names)
  }
  return names
}

/**
 * The export names Node's lexer finds in a CommonJS file whose every `exports.` is the start of an
 * `exports.NAME = …` line, as in the SDK's rollup bundles; undefined for any other file (module.exports
 * assigned or annotated, defineProperty, re-exports, `exports.` elsewhere), which is left to Node. A line
 * inside a comment or a template string would count here and not for the lexer: the SDK's bundles have none.
 */
export function exportNamesOf(source: string): string[] | undefined {
  if (/module\.exports|Object\.defineProperty\(\s*exports|__reExport|__exportStar|exports\[/.test(source))
    return undefined
  const names = [...source.matchAll(/^exports\.([A-Za-z_$][\w$]*) = /gm)].map((match) => match[1]!)
  if (names.length === 0 || names.length !== source.split('exports.').length - 1) return undefined
  return [...new Set(names)]
}

/** An ES module re-exporting what was required from `url` under `names`: see the header. */
export function moduleSourceOf(url: string, names: readonly string[]): string {
  const exported = names.filter((name) => name !== 'default' && name !== 'module.exports')
  const plain = exported.filter(isBindingName)
  const other = exported.filter((name) => !isBindingName(name))
  const lines = [
    // A stand-in (standInFor) has no exports yet: its names are bound to nothing.
    `const ${LOCAL} = globalThis[Symbol.for(${JSON.stringify(REQUIRED_EXPORTS.description)})].exports.get(${JSON.stringify(url)}) ?? {}`,
    `export { ${LOCAL} as default, ${LOCAL} as "module.exports" }`,
  ]
  // One destructuring for the usual names: EC2's client has about 5,000 of them.
  if (plain.length > 0) lines.push(`export const { ${plain.join(', ')} } = ${LOCAL}`)
  // String export names ("…") take any other property name.
  for (const [i, name] of other.entries())
    lines.push(
      `const ${LOCAL}${i} = ${LOCAL}[${JSON.stringify(name)}]`,
      `export { ${LOCAL}${i} as ${JSON.stringify(name)} }`,
    )
  return `${lines.join('\n')}\n`
}

/** The generated module's own bindings: no property name is taken for one (isBindingName). */
const LOCAL = '__harnessRequired'
const RESERVED = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
)
const isBindingName = (name: string) =>
  /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name) && !name.startsWith(LOCAL)
