/**
 * Imports a user's TypeScript/JavaScript module (harness.config.ts, scenario files). Plain import()
 * works once tsx is registered (here, on first use, when the CLI runs from bin.mjs); a .ts file in a project without "type": "module" loads as CommonJS
 * and can trip Node's require(esm) rules, so then tsx's tsImport is used and the interop unwrapped.
 */
import { pathToFileURL } from 'node:url'

const REQUIRE_ESM_CODES = new Set(['ERR_REQUIRE_CYCLE_MODULE', 'ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE'])

/** Set by bin.mjs: registers tsx once. Absent where TypeScript already loads (vitest, `node --import tsx`). */
type RegisterTypeScript = () => Promise<void>
const registerTypeScript = (globalThis as Record<symbol, RegisterTypeScript | undefined>)[
  Symbol.for('harness.registerTypeScript')
]

/**
 * `reload` (1, 2, …) imports an ES module file as a new instance instead of the cached one (its own
 * imports stay cached); CommonJS files are cached by path whatever the URL says.
 */
export async function importUserModule(file: string, reload?: number): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href + (reload ? `?harness-reload=${reload}` : '')
  await registerTypeScript?.()
  try {
    return await import(url)
  } catch (error) {
    if (!REQUIRE_ESM_CODES.has((error as { code?: string }).code ?? '')) throw error
    const { tsImport } = await import('tsx/esm/api')
    return unwrapInterop(await tsImport(pathToFileURL(file).href, import.meta.url))
  }
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
