/**
 * The git history store: the dir-store layout on an orphan results branch, kept in a local checkout
 * under `<reports>/.store/`. Pull = fetch + hard reset to the remote branch. Push = fetch, reset, write
 * this writer's new files, commit, push; when another writer pushed first (two shards at once), the
 * push is rejected and the whole sequence repeats on top of theirs. Because run files are never
 * rewritten, the index is folded run by run and state files merge by rule, re-applying on the new tip is
 * a conflict-free rebase.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type HistoryLocation, redactUrl } from '../config/history-location.js'
import { git, gitMessage, gitOk, HistoryStoreError } from './git.js'
import { checkStoreBranch } from './store-guard.js'

type GitLocation = Extract<HistoryLocation, { kind: 'git' }>

/** Enough for a matrix of shards finishing together; each retry waits a little longer, with jitter. */
export const PUSH_ATTEMPTS = 8

/** Named after the redacted remote plus a hash: a token in a remote URL must not end up in a path. */
export function checkoutDirFor(reportsDir: string, location: GitLocation): string {
  const readable = `${redactUrl(location.remote)}#${location.branch}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-60)
  const hash = createHash('sha256').update(`${location.remote}#${location.branch}`).digest('hex').slice(0, 10)
  return join(reportsDir, '.store', `${readable}-${hash}`)
}

/**
 * `origin` (a remote of the repository harness runs in) → its URL; a path → absolute; a URL as it is.
 * The checkout is its own repository, so a remote name has to be resolved where the user is.
 */
export async function resolveRemote(remote: string, cwd: string): Promise<string> {
  if (/^[A-Za-z0-9._-]+$/.test(remote) && !existsSync(resolve(cwd, remote))) {
    const named = await git(['remote', 'get-url', remote], cwd)
    if (named.code === 0) return named.stdout.trim()
    throw new HistoryStoreError(`"${remote}" is not a remote of the git repository in ${cwd} (${gitMessage(named)})`)
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^/:]+:/.test(remote) || isAbsolute(remote)) return remote
  return resolve(cwd, remote)
}

/** Brings the checkout to the remote branch's tip; returns false when the branch does not exist yet. */
export async function syncCheckout(location: GitLocation, checkoutDir: string, cwd: string): Promise<boolean> {
  return syncCheckoutFrom(await resolveRemote(location.remote, cwd), location, checkoutDir, cwd)
}

/**
 * The same with the remote already resolved to `url`. Fetch and push name the URL itself rather than a
 * remote configured in the checkout: nothing to re-point when the user's remote changes, and two git
 * processes fewer per sync (a pull, and each push attempt, syncs once).
 */
async function syncCheckoutFrom(
  url: string,
  location: GitLocation,
  checkoutDir: string,
  cwd: string,
): Promise<boolean> {
  if (!existsSync(join(checkoutDir, '.git'))) {
    await mkdir(checkoutDir, { recursive: true })
    await gitOk(['init', '-q'], checkoutDir, 'git init of the history checkout')
  }
  const ref = `refs/remotes/origin/${location.branch}`
  // Only the tip: the tree holds every run and the index, so years of nightly commits are never downloaded.
  const fetched = await git(
    ['fetch', '-q', '--no-tags', '--depth=1', url, `+refs/heads/${location.branch}:${ref}`],
    checkoutDir,
  )
  if (fetched.code !== 0) {
    if (!/couldn't find remote ref/i.test(fetched.stderr))
      throw new HistoryStoreError(`cannot fetch the history branch ${location.branch}: ${gitMessage(fetched)}`)
    // A new store: start the orphan branch from nothing, also after a refused first push left a commit
    // on it here (that commit would make the re-applied files "nothing to commit").
    await git(['update-ref', '-d', `refs/heads/${location.branch}`], checkoutDir)
    await gitOk(['symbolic-ref', 'HEAD', `refs/heads/${location.branch}`], checkoutDir, 'git symbolic-ref')
    await git(['rm', '-rfq', '--cached', '.'], checkoutDir)
    await gitOk(['clean', '-fdxq'], checkoutDir, 'git clean')
    return false
  }
  // A code branch named by mistake is refused before anything is copied from it or committed on it.
  await checkStoreBranch(location, checkoutDir, ref, cwd)
  // -f: the branch, index and working tree all at the fetched tip, whatever an earlier attempt left (a reset --hard).
  await gitOk(['checkout', '-q', '-f', '-B', location.branch, ref], checkoutDir, 'git checkout of the history branch')
  await gitOk(['clean', '-fdxq'], checkoutDir, 'git clean')
  return true
}

export interface PushOutcome {
  /** Files this push added or changed in the store. */
  changed: string[]
  attempts: number
}

/** `apply` writes into the checkout and returns what it changed; it runs again after each lost race. */
export async function pushWithRetry(
  location: GitLocation,
  checkoutDir: string,
  cwd: string,
  apply: () => Promise<string[]>,
  message: (changed: string[]) => string,
): Promise<PushOutcome> {
  let lastError = ''
  const url = await resolveRemote(location.remote, cwd)
  for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
    await syncCheckoutFrom(url, location, checkoutDir, cwd)
    const changed = await apply()
    if (changed.length === 0) return { changed, attempts: attempt }
    await gitOk(['add', '-A', '.'], checkoutDir, 'git add')
    await gitOk([...(await identity(checkoutDir)), 'commit', '-q', '-m', message(changed)], checkoutDir, 'git commit')
    const pushed = await git(['push', '-q', url, `HEAD:refs/heads/${location.branch}`], checkoutDir)
    if (pushed.code === 0) return { changed, attempts: attempt }
    lastError = gitMessage(pushed)
    if (!isRace(pushed.stderr)) throw new HistoryStoreError(`cannot push to the history branch: ${lastError}`)
    await sleep(Math.min(4000, 100 * 2 ** attempt) * (0.5 + Math.random()))
  }
  throw new HistoryStoreError(`could not push after ${PUSH_ATTEMPTS} attempts (others kept pushing): ${lastError}`)
}

/**
 * Another writer updated the branch between our fetch and our push: `! [rejected] … (fetch first)` or a
 * ref the remote could not lock. `! [remote rejected] … (pre-receive hook declined)` (a hook, a protected
 * branch, no permission) is not one: retrying cannot help, and git's reason is the error.
 */
const isRace = (stderr: string): boolean =>
  /non-fast-forward|fetch first|\[rejected\]|failed to update ref|cannot lock ref|incorrect old value/i.test(stderr)

/** A CI runner has no git identity; a laptop's own identity is kept. */
async function identity(checkoutDir: string): Promise<string[]> {
  const configured = await git(['config', 'user.email'], checkoutDir)
  if (configured.code === 0 && configured.stdout.trim()) return []
  return ['-c', 'user.name=harness', '-c', 'user.email=harness@users.noreply.github.com']
}
