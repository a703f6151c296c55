/**
 * The ES-module face of the AWS SDK clients that import-module.ts has already required. A user module's
 * `import { EC2Client } from '@aws-sdk/client-ec2'` otherwise has Node read the client's CommonJS file
 * once more and lex it for its export names (cjs-module-lexer), and tsx lex it again to tell its format
 * (es-module-lexer): EC2's file alone is 2 MB, and the three shipped scenarios' clients cost a scenario
 * thread about 90 ms before CreateAccount (issue #13 item 3).
 *
 * Where tsx runs its own hooks in this thread (inThreadHooks), an in-thread load hook answers that import
 * with a small module handing over what require() returned: module.exports as the default export and as
 * the `"module.exports"` export (so a require() that reaches this hook still gets the exports object, as
 * Node 23+ does for any CommonJS module; Node 22's namespace lacks that one name), and each other own
 * property as a named export, read once when the module is evaluated. Node names the exports of a
 * CommonJS file by lexing it; for the SDK clients (esbuild bundles) the two lists are the same, checked
 * for the 16 installed clients on Node 22.23. Elsewhere the import goes through Node's own loader.
 */
import nodeModule from 'node:module'

/** Where the generated modules find what require() returned: one map per thread, whichever copy of this module made it. */
const REQUIRED_EXPORTS = Symbol.for('harness.requiredModuleExports')
const perThread = globalThis as Record<symbol, { exports: Map<string, object>; serving: boolean } | undefined>
perThread[REQUIRED_EXPORTS] ??= { exports: new Map(), serving: false }
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

/** Forgets what rememberRequired() was told for `url`. */
export function forgetRequired(url: string): void {
  required.exports.delete(url)
}

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

/** Whether tsx's hooks, and so this hook, run in this thread on Node `version` (tsx's own rule). */
export function inThreadHooks(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  for (const [i, from] of TSX_IN_THREAD_FROM.entries()) {
    if (major !== from[0] && i < TSX_IN_THREAD_FROM.length - 1) continue
    return major !== from[0] ? major > from[0] : minor !== from[1] ? minor > from[1] : patch >= from[2]
  }
  return false
}

/**
 * From now on, importing a remembered file gets the module moduleSourceOf() writes. Called once tsx is
 * registered, so this hook runs before tsx's (the last registered runs first). False where it is not
 * served (inThreadHooks).
 */
export function serveRequiredAsModules(): boolean {
  const register = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks
  if (typeof register !== 'function' || !inThreadHooks()) return false
  if (required.serving) return true
  required.serving = true
  register({ load: loadRemembered })
  return true
}

/** The load hook: an import of a remembered file gets moduleSourceOf(); anything else loads as it would. */
export const loadRemembered: LoadHook = (url, context, nextLoad) => {
  const exports = required.exports.get(url)
  // A require() from the CommonJS loader (its cache entry deleted) loads the file itself, and an import
  // with attributes (`with { type: 'json' }`) gets Node's own verdict on them.
  const plainImport = context.conditions?.includes('import') && Object.keys(context.importAttributes ?? {}).length === 0
  if (!exports || !plainImport) return nextLoad(url, context)
  return { format: 'module', source: moduleSourceOf(url, exports), shortCircuit: true }
}

/** An ES module re-exporting `exports` (remembered for `url`): see the header for which names. */
export function moduleSourceOf(url: string, exports: object): string {
  const names = Object.getOwnPropertyNames(exports).filter((name) => name !== 'default' && name !== 'module.exports')
  const plain = names.filter(isBindingName)
  const other = names.filter((name) => !isBindingName(name))
  const lines = [
    `const ${LOCAL} = globalThis[Symbol.for(${JSON.stringify(REQUIRED_EXPORTS.description)})].exports.get(${JSON.stringify(url)})`,
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
