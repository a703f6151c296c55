/**
 * What may be a history store, checked before anything is read from it or written to it (so before any
 * account is created): a git branch whose tree holds only the store's own files and whose history is not
 * the code's, and a directory that is neither the reports directory nor a mistyped `git:<remote>#<branch>`.
 * A code branch taken for the store would get runs/, state/ and index.json committed on top of the code.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { GIT_PREFIX, type HistoryLocation, redactUrl } from '../config/history-location.js'
import { HarnessError } from '../errors.js'
import { git } from './git.js'

/** The top-level entries of a store (dir-store.ts): anything else is not the store's. */
export const STORE_ENTRIES: readonly string[] = ['runs', 'shards', 'state', 'index.json', 'history-index.json']

/** Bad input, not an infrastructure failure: exit 2, and nothing was read or written. */
export class UnsuitableStoreError extends HarnessError {
  constructor(message: string) {
    super('INPUT_INVALID', message)
    this.name = 'UnsuitableStoreError'
  }
}

type GitLocation = Extract<HistoryLocation, { kind: 'git' }>

/** Pure: the entries of a tree's top level that a store never holds, sorted. */
export const foreignEntries = (names: readonly string[]): string[] =>
  names.filter((name) => !STORE_ENTRIES.includes(name)).sort()

/** `README.md, harness/, package.json and 9 more`: enough to recognise the code. */
export function describeEntries(names: readonly string[], isDir: (name: string) => boolean): string {
  const shown = names.slice(0, 4).map((name) => (isDir(name) ? `${name}/` : name))
  return names.length > 4 ? `${shown.join(', ')} and ${names.length - 4} more` : shown.join(', ')
}

/** How to make the store a branch of its own, said with every refusal of a git store. */
export function orphanBranchHint(location: GitLocation): string {
  const remote = /^[A-Za-z0-9._-]+$/.test(location.remote) ? location.remote : '<remote>'
  return (
    `Use an orphan branch that holds only the history, e.g. --history ${GIT_PREFIX}${location.remote}#harness-results: ` +
    'harness creates it on the first push when it does not exist, or create it by hand with ' +
    `\`git switch --orphan harness-results && git commit --allow-empty -m "harness history" && git push ${remote} harness-results\`.`
  )
}

/** A directory store that is the reports directory (or inside it), or that reads like a mistyped git store. */
export function checkDirLocation(location: HistoryLocation, reportsDir: string): void {
  if (location.kind !== 'dir') return
  const dir = path.resolve(location.dir)
  const reports = path.resolve(reportsDir)
  const relative = path.relative(reports, dir)
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)))
    throw new UnsuitableStoreError(
      `history ${dir} is ${relative === '' ? 'the reports directory itself' : `inside the reports directory ${reports}`}: ` +
        'the history store is where runs outlive the reports directory (which a CI runner loses), and its runs/ and ' +
        'state/ would be nested in the reports. Name a directory of its own (e.g. a shared mount) or a git results ' +
        'branch, git:origin#harness-results.',
    )
  const hash = location.spec.lastIndexOf('#')
  if (hash > 0 && hash < location.spec.length - 1 && !existsSync(dir))
    throw new UnsuitableStoreError(
      `history "${location.spec}" reads as a directory (${dir}), which does not exist; a git results branch is ` +
        `written ${GIT_PREFIX}${location.spec}. To use a new directory whose name holds "#", create it first.`,
    )
}

/**
 * Refuses the fetched tip `ref` of a git store when its tree holds anything but the store's files, or when
 * its history started as the code's: a root commit holding other files. Roots are looked up in the user's
 * repository (`cwd`), which has the branch's history when it fetched it; the checkout has only the tip.
 */
export async function checkStoreBranch(location: GitLocation, checkoutDir: string, ref: string, cwd: string) {
  const where = `the branch ${location.branch} of ${redactUrl(location.remote)}`
  const top = await treeOf(ref, checkoutDir)
  const foreign = foreignEntries(top?.names ?? [])
  if (top && foreign.length > 0)
    throw new UnsuitableStoreError(
      `${where} is not a history store: it holds ${describeEntries(foreign, top.isDir)} ` +
        '(a store holds only runs/, shards/, state/, index.json and history-index.json), so harness would commit ' +
        'its runs on top of that code. ' +
        orphanBranchHint(location),
    )
  for (const root of await rootsKnownTo(ref, checkoutDir, cwd)) {
    const rootTree = await treeOf(root, cwd)
    const code = foreignEntries(rootTree?.names ?? [])
    if (rootTree && code.length > 0)
      throw new UnsuitableStoreError(
        `${where} shares history with code: its first commit ${root.slice(0, 12)} holds ` +
          `${describeEntries(code, rootTree.isDir)}, so the history would sit on the code's commits. ` +
          orphanBranchHint(location),
      )
  }
}

/** The top-level names of a commit's tree; undefined when `dir` has no such commit. */
async function treeOf(
  commit: string,
  dir: string,
): Promise<{ names: string[]; isDir: (name: string) => boolean } | undefined> {
  const listed = await git(['ls-tree', '-z', commit], dir)
  if (listed.code !== 0) return undefined
  const entries = listed.stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => ({ type: line.split(' ')[1], name: line.slice(line.indexOf('\t') + 1) }))
  const dirs = new Set(entries.filter((entry) => entry.type === 'tree').map((entry) => entry.name))
  return { names: entries.map((entry) => entry.name), isDir: (name) => dirs.has(name) }
}

/**
 * The root commits of the tip's history, as far as the user's repository knows it: the tip itself or,
 * for a commit harness has just made, its parents (read from the shallow checkout). None when the user's
 * repository is not a git repository or never fetched the branch: then only the tree is checked.
 */
async function rootsKnownTo(ref: string, checkoutDir: string, cwd: string): Promise<string[]> {
  // Each git command is a process: a run pulls and pushes, and most working directories hold no repository.
  if (!insideGitRepository(cwd)) return []
  const commit = await git(['log', '-1', '--format=%H %P', ref], checkoutDir)
  if (commit.code !== 0) return []
  const [tip = '', ...parents] = commit.stdout.trim().split(' ').filter(Boolean)
  const isKnown = async (sha: string) => (await git(['cat-file', '-e', `${sha}^{commit}`], cwd)).code === 0
  const known = (await isKnown(tip)) ? [tip] : await filterAsync(parents, isKnown)
  if (known.length === 0) return []
  const roots = await git(['rev-list', '--max-parents=0', ...known], cwd)
  return roots.code === 0 ? roots.stdout.split('\n').filter(Boolean) : []
}

/** Whether `dir` or a folder above it holds `.git` (a repository or a worktree's link to one). */
function insideGitRepository(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return true
    if (path.dirname(at) === at) return false
  }
}

async function filterAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept: T[] = []
  for (const item of items) if (await test(item)) kept.push(item)
  return kept
}
