import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureReportsDir } from './reports-dir.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-reports-dir-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('ensureReportsDir', () => {
  it('creates missing levels', async () => {
    await ensureReportsDir(path.join(dir, 'a/b/reports'))
    expect(existsSync(path.join(dir, 'a/b/reports'))).toBe(true)
  })

  it('two runs starting at once both create the missing levels (the loser of each mkdir finds a directory)', async () => {
    const reports = path.join(dir, 'racing/x/reports')
    await Promise.all(Array.from({ length: 4 }, () => ensureReportsDir(reports)))
    expect(existsSync(reports)).toBe(true)
  })

  it('is a usage error naming the directory when a file is in the way', async () => {
    // Given a file where a directory level should be
    await writeFile(path.join(dir, 'file'), 'x')
    // Then the run is refused up front, before any account is vended
    await expect(ensureReportsDir(path.join(dir, 'file/reports'))).rejects.toMatchObject({
      code: 'USAGE',
      message: `Reports directory ${path.join(dir, 'file/reports')} cannot be written: ${path.join(dir, 'file')} is a file, not a directory.`,
    })
  })

  it.runIf(process.platform === 'linux')('returns an error, not a hang, under /proc', async () => {
    await expect(ensureReportsDir('/proc/harness-no-such/reports')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('cannot create /proc/harness-no-such'),
    })
  })

  it.each([
    ['runs', 'file', 'must be a directory but is a file'],
    ['state', 'file', 'must be a directory but is a file'],
    ['drift.json', 'directory', 'must be a file but is a directory'],
    ['report.html', 'directory', 'must be a file but is a directory'],
    // QA: these two failed only after the run (EISDIR writing the dashboard; EEXIST making the journal).
    ['dashboard.html', 'directory', 'must be a file but is a directory'],
    ['history-index.json', 'directory', 'must be a file but is a directory'],
    ['state/journal', 'file', 'must be a directory but is a file'],
    ['state/freshness.json', 'directory', 'must be a file but is a directory'],
  ])('refuses a reports directory whose %s is a %s, naming it', async (name, kind, problem) => {
    const reports = await mkdtemp(path.join(dir, 'shape-'))
    await mkdir(path.dirname(path.join(reports, name)), { recursive: true })
    if (kind === 'file') await writeFile(path.join(reports, name), 'x')
    else await mkdir(path.join(reports, name))
    await expect(ensureReportsDir(reports)).rejects.toMatchObject({
      code: 'USAGE',
      message: `Reports directory ${reports} cannot be written: ${path.join(reports, name)} ${problem}.`,
    })
  })
})
