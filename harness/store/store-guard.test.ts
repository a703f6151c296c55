/**
 * What may be a history store, against real repositories: a code branch (QA: `--history git:origin#develop`
 * committed runs/ on top of the code), a branch cut from the code and emptied, the reports directory itself,
 * and `origin#branch` without `git:`. Each is refused with exit 2 before anything is read or written.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type HistoryLocation, parseHistoryLocation } from '../config/history-location.js'
import { EXIT_CODES, type HarnessError } from '../errors.js'
import { allowed, makeRun } from '../history/run-fixtures.js'
import { pullHistory, pushHistory, type StoreContext } from './store.js'
import { foreignEntries } from './store-guard.js'
import { createBareRemote, remoteFiles, reportsWith, type TempRepos } from './test-repos.js'

const night = makeRun('2026-11-01T03-17-00Z-aaaaaa', '2026-11-01T03:17:00.000Z', [
  ['logs/create-tagged-log-group', 'CreateLogGroup', 'us-east-1', allowed()],
])

let repos: TempRepos
/** The user's repository: the code, with the bare repository as its `origin`. */
let code: string
const sh = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' })
const at = (spec: string, reports = 'reports'): StoreContext => {
  const parsed = parseHistoryLocation(spec, code)
  if (!('kind' in parsed)) throw new Error(parsed.problem)
  return { location: parsed as HistoryLocation, reportsDir: join(code, reports), cwd: code }
}
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined).catch((error: Error) => error)

/** The user's code repository with main and develop pushed to a bare `origin` (only the git tests need it). */
async function codeRepository(): Promise<void> {
  repos = await createBareRemote()
  code = join(repos.root, 'code')
  await mkdir(join(code, 'src'), { recursive: true })
  sh(repos.root, 'init', '-q', '-b', 'main', code)
  await writeFile(join(code, 'README.md'), '# app\n')
  await writeFile(join(code, 'package.json'), '{}\n')
  await writeFile(join(code, 'src', 'index.ts'), 'export {}\n')
  sh(code, 'add', '-A')
  sh(code, 'commit', '-qm', 'code')
  sh(code, 'remote', 'add', 'origin', repos.bare)
  sh(code, 'push', '-q', 'origin', 'HEAD:refs/heads/main', 'HEAD:refs/heads/develop')
}

describe('a git store branch', () => {
  beforeEach(codeRepository)
  afterEach(() => repos.remove())

  it.each(['develop', 'main'])(
    'Given the code branch %s, When a run pulls or pushes, Then exit 2 naming the branch and its code, and nothing is committed',
    async (branch) => {
      const context = at(`git:origin#${branch}`)
      await reportsWith(context.reportsDir, night)
      const before = remoteFiles(repos.bare, branch)
      for (const attempt of [pullHistory, pushHistory]) {
        const error = await refusal(attempt(context))
        expect(error).toMatchObject({ code: 'INPUT_INVALID' })
        expect(EXIT_CODES[(error as HarnessError).code]).toBe(2)
        expect((error as Error).message).toMatch(
          new RegExp(`^the branch ${branch} of origin is not a history store: it holds README.md, package.json, src/`),
        )
        expect((error as Error).message).toMatch(/git switch --orphan harness-results/)
      }
      expect(remoteFiles(repos.bare, branch)).toEqual(before)
    },
  )

  it('Given a branch cut from the code and emptied, When the user’s repository knows its history, Then it is refused as sharing history with code', async () => {
    sh(code, 'switch', '-qc', 'results')
    sh(code, 'rm', '-rqf', '.')
    sh(code, 'commit', '-q', '--allow-empty', '-m', 'empty')
    sh(code, 'push', '-q', 'origin', 'results')
    const error = await refusal(pullHistory(at('git:origin#results')))
    expect(error).toMatchObject({ code: 'INPUT_INVALID' })
    expect((error as Error).message).toMatch(
      /^the branch results of origin shares history with code: its first commit [0-9a-f]{12} holds README.md, package.json, src\//,
    )
  })

  it('Given the orphan branch harness creates, When the user’s repository has fetched it, Then pulls and pushes go on', async () => {
    const context = at('git:origin#harness-results')
    await reportsWith(context.reportsDir, night)
    await pushHistory(context)
    sh(code, 'fetch', '-q', 'origin')
    await reportsWith(context.reportsDir, { ...night, runId: '2026-11-02T03-17-00Z-bbbbbb' })
    expect((await pushHistory(context)).changed).toHaveLength(1)
    expect((await pullHistory(at('git:origin#harness-results', 'fresh'))).copied).toBe(2)
  })
})

describe('a directory store', () => {
  beforeEach(async () => {
    repos = await createBareRemote()
    code = join(repos.root, 'code')
    await mkdir(code)
  })
  afterEach(() => repos.remove())

  it.each([
    ['reports', /is the reports directory itself/],
    ['reports/history', /is inside the reports directory/],
    [
      'origin#harness-results',
      /reads as a directory .*which does not exist; a git results branch is written git:origin#harness-results/,
    ],
  ])('Given --history %s, Then exit 2 saying why, before anything is read', async (spec, problem) => {
    const error = await refusal(pullHistory(at(spec)))
    expect(error).toMatchObject({ code: 'INPUT_INVALID' })
    expect((error as Error).message).toMatch(problem)
  })

  it('Given an existing directory whose name holds #, Then it is a store', async () => {
    await mkdir(join(code, 'shared#1'))
    expect((await pullHistory(at('shared#1'))).exists).toBe(true)
  })
})

describe('foreignEntries', () => {
  it.each([
    [[], []],
    [['runs', 'state', 'shards', 'index.json', 'history-index.json'], []],
    [
      ['src', 'runs', 'README.md', 'index.json'],
      ['README.md', 'src'],
    ],
  ])('%j → %j', (names, foreign) => {
    expect(foreignEntries(names)).toEqual(foreign)
  })
})
