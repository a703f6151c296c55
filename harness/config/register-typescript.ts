/**
 * Registers tsx so a user's TypeScript modules (harness.config.ts, scenario files) load: bin.mjs does it
 * for the CLI thread, the compiled scenario worker for its thread, each once, just before the first such
 * module is imported (config/import-module.ts). Its ES-module hooks only, as a rule: its CommonJS hooks
 * would sit in front of every require() of the AWS SDK.
 *
 * The exception: Node 22.18+ (and 23.6+) strips TypeScript types itself, and where tsx still runs its
 * hooks on a loader thread (inThreadHooks: before 22.22.3 or 24.11.1, or with a TypeScript file preloaded
 * through NODE_OPTIONS) a `.ts` file of a CommonJS project reaches Node's CommonJS loader untransformed,
 * which fails on its first `import` ("Cannot use import statement outside a module", seen on 22.18.0 and
 * 22.22.2). There tsx's CommonJS hooks load it.
 */
import { inThreadHooks } from './required-modules.js'

export async function registerTypeScript(): Promise<void> {
  const { register } = await import('tsx/esm/api')
  register()
  if (needsCommonJsHooks()) (await import('tsx/cjs/api')).register()
}

/** Node `version` strips types itself (`process.features.typescript`) while tsx's hooks run on a loader thread. */
export function needsCommonJsHooks(
  version: string = process.versions.node,
  stripsTypes: unknown = (process.features as { typescript?: unknown }).typescript,
  preloads?: Parameters<typeof inThreadHooks>[1],
): boolean {
  return Boolean(stripsTypes) && !inThreadHooks(version, preloads)
}
