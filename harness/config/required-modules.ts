/**
 * The ES-module face of the AWS SDK clients that import-module.ts has already required. A user module's
 * `import { EC2Client } from '@aws-sdk/client-ec2'` otherwise has Node read the client's CommonJS file
 * once more and lex it for its export names (cjs-module-lexer), and tsx lex it again to tell its format
 * (es-module-lexer): EC2's file alone is 2 MB, and the three shipped scenarios' clients cost a scenario
 * thread about 90 ms before CreateAccount (issue #13 item 3). With Node's in-thread module hooks
 * (module.registerHooks, Node 22.15+), that import is answered by a small module that hands over what
 * require() returned, as Node's CommonJS interop does: module.exports as the default export and each own
 * property (but `default`) as a named export, read once when the module is evaluated. Elsewhere (Node 20),
 * the import goes through Node's own loader as before.
 */
import nodeModule from 'node:module'

/** Where the generated modules find what require() returned: each thread has its own. */
const REQUIRED_EXPORTS = Symbol.for('harness.requiredModuleExports')
const requiredExports = new Map<string, object>()
;(globalThis as Record<symbol, unknown>)[REQUIRED_EXPORTS] = requiredExports

interface LoadContext {
  format?: string | null
  conditions?: readonly string[]
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
    requiredExports.set(url, exports)
}

let serving = false

/**
 * From now on, importing a remembered file gets the module moduleSourceOf() writes. Called once tsx is
 * registered, so this hook runs before tsx's (the last registered runs first). False where Node has no
 * in-thread hooks.
 */
export function serveRequiredAsModules(): boolean {
  const register = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks
  if (typeof register !== 'function') return false
  if (serving) return true
  serving = true
  register({ load: loadRemembered })
  return true
}

/** The load hook: an import of a remembered file gets moduleSourceOf(); anything else loads as it would. */
export const loadRemembered: LoadHook = (url, context, nextLoad) => {
  const exports = requiredExports.get(url)
  // A require() of it (its cache entry deleted) loads the file as Node does: only imports are answered.
  if (!exports || !context.conditions?.includes('import')) return nextLoad(url, context)
  return { format: 'module', source: moduleSourceOf(url, exports), shortCircuit: true }
}

/** An ES module re-exporting `exports` (remembered for `url`): the default export and one named export per own property. */
export function moduleSourceOf(url: string, exports: object): string {
  const names = Object.getOwnPropertyNames(exports).filter((name) => name !== 'default')
  const plain = names.filter(isBindingName)
  const other = names.filter((name) => !isBindingName(name))
  const lines = [
    `const ${LOCAL} = globalThis[Symbol.for(${JSON.stringify(REQUIRED_EXPORTS.description)})].get(${JSON.stringify(url)})`,
    `export default ${LOCAL}`,
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
