/** A small file glob (`*`, `**`, `?`, `{a,b}`) so the harness needs no glob dependency on Node 20. */
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export function globToRegExp(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories
      const slash = pattern[i + 2] === '/'
      source += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else if (char === '{') source += '(?:'
    else if (char === '}') source += ')'
    else if (char === ',') source += '|'
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

function staticBase(pattern: string): string {
  const parts = pattern.split('/')
  const index = parts.findIndex((part) => /[*?{]/.test(part))
  return index === -1 ? pattern : parts.slice(0, index).join('/') || '/'
}

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, out)
    else if (entry.isFile()) out.push(full)
  }
}

/** Absolute files matching an absolute pattern, sorted. */
export function globFiles(absolutePattern: string): string[] {
  const pattern = absolutePattern.split(path.sep).join('/')
  const base = staticBase(pattern)
  if (base === pattern) {
    try {
      return statSync(base).isFile() ? [path.normalize(base)] : []
    } catch {
      return []
    }
  }
  const matcher = globToRegExp(pattern)
  const files: string[] = []
  walk(base, files)
  return files.filter((file) => matcher.test(file.split(path.sep).join('/'))).sort()
}
