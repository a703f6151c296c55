/**
 * House rule: one folder per pipeline stage and no import cycles between folders, so each stage can
 * be read (and tested) with only the stages below it in mind. Test files are exempt: they may reach
 * for fixtures anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = dirname(fileURLToPath(import.meta.url))
const IMPORT = /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g

/** The top-level folder of a path under harness/, or undefined for files at the root (index.ts, errors.ts). */
function folderOf(path: string): string | undefined {
  const parts = relative(ROOT, path).split(sep)
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** folder → the folders it imports, with one importing file per edge for the failure message. */
function folderGraph(files: string[], read: (file: string) => string): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>()
  for (const file of files) {
    const from = folderOf(file)
    if (!from) continue
    for (const match of read(file).matchAll(IMPORT)) {
      const to = folderOf(resolve(dirname(file), match[1] ?? match[2] ?? ''))
      if (!to || to === from) continue
      const edges = graph.get(from) ?? new Map<string, string>()
      if (!edges.has(to)) edges.set(to, relative(ROOT, file))
      graph.set(from, edges)
    }
  }
  return graph
}

/** Every cycle as a path of folders (a → b → … → a), found by depth-first search. */
function folderCycles(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = []
  const done = new Set<string>()
  const visit = (folder: string, path: string[]): void => {
    const at = path.indexOf(folder)
    if (at >= 0) {
      cycles.push([...path.slice(at), folder])
      return
    }
    if (done.has(folder)) return
    for (const next of graph.get(folder)?.keys() ?? []) visit(next, [...path, folder])
    done.add(folder)
  }
  for (const folder of graph.keys()) visit(folder, [])
  return cycles
}

describe('folders under harness/', () => {
  it('import each other without cycles', () => {
    const graph = folderGraph(sourceFiles(ROOT), (file) => readFileSync(file, 'utf8'))
    const described = folderCycles(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, i) => `${cycle[i]} → ${to} (${graph.get(cycle[i] ?? '')?.get(to)})`)
        .join(', '),
    )
    expect(described).toEqual([])
  })

  it('the check finds a cycle when there is one', () => {
    const files = [join(ROOT, 'a/x.ts'), join(ROOT, 'b/y.ts'), join(ROOT, 'c/z.ts')]
    const sources: Record<string, string> = {
      [files[0] as string]: "import { y } from '../b/y.js'",
      [files[1] as string]: "export { z } from '../c/z.js'",
      [files[2] as string]: "const x = await import('../a/x.js')",
    }
    const cycles = folderCycles(folderGraph(files, (file) => sources[file] ?? ''))
    expect(cycles).toEqual([['a', 'b', 'c', 'a']])
  })
})
