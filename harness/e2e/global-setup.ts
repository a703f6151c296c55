/**
 * Vitest global setup: the real-process end-to-end tests run the compiled CLI (dist/), so dist/ is
 * rebuilt first when any source it is built from is newer than the last build. After `npm ci` (whose
 * `prepare` builds) nothing is rebuilt; after an edit, one incremental `tsc` and the bundle keep tests honest.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from './cli-project.js'

const STAMP = path.join(REPO_ROOT, 'dist/.build-stamp')
// Written by every `npm run build` (npm ci's included) that emitted; the stamp covers a no-op rebuild.
const BUILD_INFO = path.join(REPO_ROOT, 'dist/.tsbuildinfo')
const NOT_BUILT = /(\.test\.ts|\/test-[^/]*\.ts|\/testing\.ts)$|^harness\/(e2e|bench)\//

const BUNDLE = path.join(REPO_ROOT, 'dist/cli/harness.js')
const BUNDLER = path.join(REPO_ROOT, 'harness/cli/bundle.mjs')

function newestSourceMs(): number {
  let newest = Math.max(statSync(path.join(REPO_ROOT, 'tsconfig.build.json')).mtimeMs, statSync(BUNDLER).mtimeMs)
  for (const entry of readdirSync(path.join(REPO_ROOT, 'harness'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = path.join(entry.parentPath, entry.name)
    if (NOT_BUILT.test(path.relative(REPO_ROOT, file))) continue
    newest = Math.max(newest, statSync(file).mtimeMs)
  }
  return newest
}

const modifiedMs = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0)

export function setup(): void {
  buildIfStale()
  warmCompileCache()
}

/** `npm run build`'s two steps (package.json): tsc, then the CLI's bundle (cli/bundle.mjs). */
function buildIfStale(): void {
  const built = existsSync(BUNDLE) && Math.max(modifiedMs(STAMP), modifiedMs(BUILD_INFO)) >= newestSourceMs()
  if (built) return
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' })
  execFileSync(process.execPath, [BUNDLER], { cwd: REPO_ROOT, stdio: 'inherit' })
  writeFileSync(STAMP, `${new Date().toISOString()}\n`)
}

/** What the suite's CLI processes, scenario threads and workers load from disk: the SDK clients and the CLI's bundle. */
const WARM_MODULES = ['dist/cli/harness.js']

/**
 * Node 22 keeps V8's compiled code in NODE_COMPILE_CACHE (vitest.config.ts) but writes a process's share
 * when it exits: on a fresh machine (CI) the first CLI processes and scenario threads, started side by side,
 * would each compile the AWS SDK and the CLI again (a fresh-clone suite ran about 8 s longer than one with
 * the cache filled). One process loads them and exits first; with the cache filled it costs about 0.3 s.
 * Best effort: a failure here leaves the suite as it was.
 */
function warmCompileCache(): void {
  if (!process.env.NODE_COMPILE_CACHE) return
  const { dependencies } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
  }
  const clients = Object.keys(dependencies).filter((name) => name.startsWith('@aws-sdk/client-'))
  const modules = WARM_MODULES.map((file) => pathToFileURL(path.join(REPO_ROOT, file)).href)
  const script = `require('node:module').enableCompileCache?.()
for (const client of ${JSON.stringify(clients)}) require(client)
Promise.all(${JSON.stringify(modules)}.map((url) => import(url))).then(() => process.exit(0))`
  try {
    execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: 'ignore', timeout: 60_000 })
  } catch {
    // The suite compiles as it goes.
  }
}
