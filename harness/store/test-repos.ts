/** Test helpers: a bare repository in a temp dir as the results remote, and reports dirs holding runs. */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeRunRecord } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'

export interface TempRepos {
  root: string
  bare: string
  remove(): Promise<void>
}

export async function createBareRemote(): Promise<TempRepos> {
  const root = await mkdtemp(join(tmpdir(), 'harness-store-'))
  const bare = join(root, 'results.git')
  execFileSync('git', ['init', '-q', '--bare', bare])
  return { root, bare, remove: () => rm(root, { recursive: true, force: true }) }
}

export async function reportsWith(dir: string, ...runs: RunRecord[]): Promise<string> {
  for (const run of runs) await writeRunRecord(dir, run)
  return dir
}

/** The files on the remote's results branch (what any clone would see). */
export function remoteFiles(bare: string, branch: string): string[] {
  return execFileSync('git', ['ls-tree', '-r', '--name-only', branch], { cwd: bare, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
}

export function remoteFile(bare: string, branch: string, file: string): string {
  return execFileSync('git', ['show', `${branch}:${file}`], { cwd: bare, encoding: 'utf8' })
}
