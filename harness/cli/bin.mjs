#!/usr/bin/env node
// The `harness` executable: runs the compiled CLI, bundled as dist/cli/harness.js (built by `npm run
// build`, which `npm ci` runs through the `prepare` script; cli/bundle.mjs). A user's harness.config.ts
// and scenario files stay TypeScript: tsx is registered just before the first of them is imported.
import { existsSync } from 'node:fs'
import module from 'node:module'

// Node 22.1+: reuse V8's compiled code for the CLI's modules across runs (a no-op on older Node).
// It covers this thread only; worker threads (scenario threads, tsx's hooks thread) inherit it through
// NODE_COMPILE_CACHE (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir).
const compileCache = module.enableCompileCache?.()
if (compileCache?.directory) process.env.NODE_COMPILE_CACHE ??= compileCache.directory

const entry = new URL('../../dist/cli/harness.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(
    'harness: the compiled CLI is missing (dist/cli/harness.js). Run `npm run build` (npm ci runs it for you).\n',
  )
  process.exit(3)
}
const [command, ...rest] = process.argv.slice(2)
// `--version` answers from package.json without loading the CLI (the same source as harnessVersion()).
if ((command === '--version' || command === '-v') && rest.length === 0) {
  const { readFileSync } = await import('node:fs')
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${version}\n`)
  process.exit(0)
}
// tsx is registered only when a user's module is about to be imported (config/import-module.ts calls
// this once, after loading what the command and the module's SDK clients need): its loader hooks slow
// every later import, so `harness report` without a harness.config.ts, `diff`, `--help` and
// `emulator start` never pay for them.
let typeScriptRegistered
globalThis[Symbol.for('harness.registerTypeScript')] = () => {
  typeScriptRegistered ??= import('../../dist/config/register-typescript.js').then((tsx) => tsx.registerTypeScript())
  return typeScriptRegistered
}
// The SDK's Node 20 end-of-support notice is noise in a CLI's output; users can opt back in.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// `harness run` checks the scenario files in a thread of its own before CreateAccount: it boots while the
// CLI loads (runtime/contained/worker-pool.ts takeThread).
if (command === 'run' && !rest.includes('--help') && !rest.includes('-h')) {
  const { startEarlyThread } = await import('../../dist/runtime/contained/worker-pool.js')
  startEarlyThread()
}
const { runAsProcess } = await import(entry.href)
await runAsProcess()
