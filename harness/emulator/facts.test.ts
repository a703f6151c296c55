/**
 * Every AWS error code the emulator's source can emit is listed, with the source of its text, in
 * harness/emulator/FACTS.md (item 6 of #12): a new error without a cited source fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const EMULATOR = import.meta.dirname
const FACTS = readFileSync(path.join(EMULATOR, 'FACTS.md'), 'utf8')
/** Codes as the source writes them: new AwsError('Code', …), orgError('Code', …), { code: 'Code' }, EC2's id error table. */
const CODE_PATTERNS = [
  /AwsError\(\s*'([A-Za-z.]+)'/g,
  /orgError\(\s*'([A-Za-z.]+)'/g,
  /\bcode: '([A-Za-z.]+)'/g,
  /\['(Invalid[A-Za-z]+\.(?:NotFound|Malformed))'/g,
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.includes('test-') ? [full] : []
  })
}

describe('FACTS.md', () => {
  it('lists every error code the emulator emits, each in a table row with a source', () => {
    const codes = new Map<string, string>()
    for (const file of sourceFiles(EMULATOR)) {
      const text = readFileSync(file, 'utf8')
      for (const pattern of CODE_PATTERNS) {
        for (const match of text.matchAll(pattern)) codes.set(match[1]!, path.relative(EMULATOR, file))
      }
    }
    // zod's issue code, not an AWS one.
    codes.delete('custom')
    expect(codes.size).toBeGreaterThan(40)
    const rows = FACTS.split('\n').filter((line) => line.startsWith('| `'))
    const missing = [...codes].filter(([code]) => !rows.some((row) => row.includes(`\`${code}\``)))
    expect(missing).toEqual([])
    for (const row of rows)
      expect(row).toMatch(/\| (AWS|observed|ours) \| .*(https:\/\/|\[[A-Z0-9-]+\]|\.html|`[a-z/-]+\/`)/)
  })
})
