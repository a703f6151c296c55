/**
 * Imports a user's TypeScript/JavaScript module (harness.config.ts, scenario files). Plain import()
 * works once tsx is registered; a .ts file in a project without "type": "module" loads as CommonJS
 * and can trip Node's require(esm) rules, so then tsx's tsImport is used and the interop unwrapped.
 */
import { pathToFileURL } from 'node:url'

const REQUIRE_ESM_CODES = new Set(['ERR_REQUIRE_CYCLE_MODULE', 'ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE'])

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href
  try {
    return await import(url)
  } catch (error) {
    if (!REQUIRE_ESM_CODES.has((error as { code?: string }).code ?? '')) throw error
    const { tsImport } = await import('tsx/esm/api')
    return unwrapInterop(await tsImport(url, import.meta.url))
  }
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
