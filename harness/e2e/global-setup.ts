/**
 * Vitest global setup: the real-process end-to-end tests run the compiled CLI (dist/), so dist/ is
 * rebuilt first when any source it is built from is newer than the last build. After `npm ci` (whose
 * `prepare` builds) nothing is rebuilt; after an edit, one incremental `tsc` keeps tests honest.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from './cli-project.js'

const STAMP = path.join(REPO_ROOT, 'dist/.build-stamp')
// Written by every `npm run build` (npm ci's included) that emitted; the stamp covers a no-op rebuild.
const BUILD_INFO = path.join(REPO_ROOT, 'dist/.tsbuildinfo')
const NOT_BUILT = /(\.test\.ts|\/test-[^/]*\.ts|\/testing\.ts)$|^harness\/(e2e|bench)\//

function newestSourceMs(): number {
  let newest = statSync(path.join(REPO_ROOT, 'tsconfig.build.json')).mtimeMs
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
  if (Math.max(modifiedMs(STAMP), modifiedMs(BUILD_INFO)) >= newestSourceMs()) return
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' })
  writeFileSync(STAMP, `${new Date().toISOString()}\n`)
}
