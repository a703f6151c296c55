import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ResolvedConfig } from '../config/resolve.js'
import { pullBeforeRun } from './run-sync.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-run-sync-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

it('says when a store does not exist yet (a typo compares with nothing)', async () => {
  const lines: string[] = []
  const pull = (store: string) =>
    pullBeforeRun(
      { history: { kind: 'dir', dir: store, spec: store }, reportsDir: join(dir, 'reports') } as ResolvedConfig,
      { cwd: dir, info: (line) => lines.push(line) },
    )
  await pull(join(dir, 'stroe'))
  expect(lines.pop()).toMatch(
    /: 0 run\(s\) stored, 0 new here \(the directory does not exist yet: the first push creates it\)$/,
  )
  await pull(dir)
  expect(lines.pop()).toMatch(/: 0 run\(s\) stored, 0 new here$/)
  const bare = join(dir, 'results.git')
  execFileSync('git', ['init', '-q', '--bare', bare])
  await pullBeforeRun(
    {
      history: { kind: 'git', remote: bare, branch: 'harness-reslts', spec: '' },
      reportsDir: join(dir, 'r2'),
    } as ResolvedConfig,
    { cwd: dir, info: (line) => lines.push(line) },
  )
  expect(lines.pop()).toMatch(/0 new here \(the branch harness-reslts does not exist yet: the first push creates it\)$/)
})
