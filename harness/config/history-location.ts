/**
 * Where run history lives, from one setting: `git:<remote>#<branch>` (an orphan results branch of a
 * git remote) or a directory. Unset means the reports directory itself, as before this setting existed.
 */
import path from 'node:path'

export type HistoryLocation =
  | { kind: 'git'; remote: string; branch: string; spec: string }
  | { kind: 'dir'; dir: string; spec: string }

export const GIT_PREFIX = 'git:'

/** `check-ref-format`'s main rules, enough to refuse a branch git would refuse later, after the run. */
const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*@\{|.*\.lock$|-)[A-Za-z0-9._/-]+$/

/** Returns the location, or a reason the text is not one (the caller names the input). */
export function parseHistoryLocation(spec: string, baseDir: string): HistoryLocation | { problem: string } {
  const text = spec.trim()
  if (text === '') return { problem: 'is empty' }
  if (!text.startsWith(GIT_PREFIX)) return { kind: 'dir', dir: path.resolve(baseDir, text), spec: text }
  const body = text.slice(GIT_PREFIX.length)
  const hash = body.lastIndexOf('#')
  if (hash <= 0 || hash === body.length - 1)
    return { problem: `"${text}" must be git:<remote>#<branch>, e.g. git:origin#harness-results` }
  const remote = body.slice(0, hash)
  const branch = body.slice(hash + 1)
  if (!BRANCH.test(branch)) return { problem: `"${branch}" is not a valid git branch name` }
  return { kind: 'git', remote, branch, spec: text }
}

export function isHistoryLocation(value: HistoryLocation | { problem: string }): value is HistoryLocation {
  return 'kind' in value
}

/** For messages: never the remote's URL as given, which may embed a token (https://x:TOKEN@host/...). */
export function describeLocation(location: HistoryLocation): string {
  if (location.kind === 'dir') return location.dir
  return `git:${redactUrl(location.remote)}#${location.branch}`
}

export const redactUrl = (url: string): string => url.replace(/\/\/[^/@\s]+@/, '//***@')
