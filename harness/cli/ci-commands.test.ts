/**
 * The commands issue #10 added, in-process: help texts, usage errors naming the flag, and `history
 * list` / `plan` on real inputs (a directory store; the git store is covered in store.test.ts and e2e).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowed, makeRun } from '../history/run-fixtures.js'
import { pushHistory } from '../store/store.js'
import { reportsWith } from '../store/test-repos.js'
import { captureIo as captureCliIo } from './capture-io.js'
import { main } from './main.js'

const captureIo = (cwd: string, env: NodeJS.ProcessEnv = {}) => captureCliIo({ cwd, env })

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-ci-commands-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('help and usage', () => {
  it.each([
    [['history', '--help'], /harness history pull\|push\|list/],
    [['history', 'list', '--help'], /git:<remote>#<branch>/],
    [['plan', '--help'], /harness plan --shards <n>/],
    [['merge', '--help'], /harness merge --shard-group <id>/],
    [['issue', '--help'], /harness issue \[--drift <drift.json>\]/],
    [['summary', '--help'], /1 MiB/],
    [['--help'], /history pull\|push\|list/],
  ])('%j exits 0 with its help', async (argv, text) => {
    const io = captureIo(dir)
    expect(await main(argv, io)).toBe(0)
    expect(io.out()).toMatch(text)
  })

  it.each([
    [['history', 'sync'], 'Unknown command "harness history sync". Try: harness history pull|push|list.'],
    [['history', 'list'], 'no history store configured: pass --history git:<remote>#<branch>'],
    // Without --shards, harness plan prints the account pool plan (plan-command.test.ts).
    [['plan', 'extra'], 'harness plan takes no positional arguments (got "extra").'],
    [['plan', '--shards', '0'], '--shards must be an integer from 1 to 256, got "0".'],
    [['merge'], 'harness merge needs --shard-group <id>'],
    [['merge', '--shard-group', 'bad group!'], '--shard-group must be letters, digits, ".", "_", "-" (up to 100)'], // QA: was exit 3
    [['merge', '--shard-group', 'g', '--plan', 'missing.json'], '--plan missing.json: file not found'],
    [['issue', '--drift', 'missing.json'], 'drift report missing.json: file not found.'],
    [['run', '--no-push'], '--no-push needs a history store'],
    [['run', '--push'], '--push needs a history store'],
    [['merge', '--shard-group', 'g', '--no-push'], '--no-push needs a history store'],
    [['minimize', '--shard', '1/2'], 'harness minimize does not take --shard'],
    [['run', '--push', '--no-push'], '--push and --no-push contradict each other: give one.'],
    [
      ['minimize', '--history', 'git:origin#r', '--no-push', '--reports-dir', 'r'],
      'harness minimize does not take --reports-dir, --history, --no-push (it writes no run records and keeps no history).',
    ],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    const io = captureIo(dir, {})
    expect(await main(argv, io)).toBe(2)
    expect(io.err()).toContain(message)
  })
})

describe('a path that names the wrong kind of thing', () => {
  it('a --reports-dir that is a file, or a --config that is a directory: exit 2 saying so', async () => {
    const file = join(dir, 'not-a-dir')
    await writeFile(file, 'x')
    const report = captureIo(dir)
    expect(await main(['report', '--reports-dir', file], report)).toBe(2)
    expect(report.err()).toContain(`the reports directory ${file} is not a directory.`)
    const runsFile = join(dir, 'runs-is-a-file')
    await mkdir(runsFile)
    await writeFile(join(runsFile, 'runs'), 'x')
    const runs = captureIo(dir)
    expect(await main(['report', '--reports-dir', runsFile], runs)).toBe(2)
    expect(runs.err()).toContain(`${join(runsFile, 'runs')} (the reports directory's runs/) is not a directory.`)
    const run = captureIo(dir)
    expect(await main(['run', '--config', dir], run)).toBe(2)
    expect(run.err()).toContain(`Config file ${dir} is a directory; name the file (harness.config.ts).`)
  })
})

describe('history list and plan', () => {
  it('Given a directory store with two runs, Then list prints them oldest first, and --json the index entries', async () => {
    const store = join(dir, 'store')
    const reportsDir = join(dir, 'reports')
    const first = makeRun('2026-11-01T03-17-00Z-aaaaaa', '2026-11-01T03:17:00.000Z', [
      ['s', 'A', 'us-east-1', allowed()],
    ])
    const second = makeRun('2026-11-02T03-17-00Z-bbbbbb', '2026-11-02T03:17:00.000Z', [
      ['s', 'A', 'us-east-1', allowed()],
    ])
    await reportsWith(reportsDir, second, first)
    await pushHistory({ location: { kind: 'dir', dir: store, spec: store }, reportsDir, cwd: dir })
    const io = captureIo(dir)
    expect(await main(['history', 'list', '--history', store, '--reports-dir', reportsDir], io)).toBe(0)
    expect(io.out()).toMatch(
      new RegExp(
        `^${store}: 2 run\\(s\\), oldest first\\n2026-11-01T03-17-00Z-aaaaaa .* local/emulator  us-east-1  1 allowed, 0 denied, 0 inconclusive\\n2026-11-02T03-17-00Z-bbbbbb`,
      ),
    )
    const json = captureIo(dir)
    await main(['history', 'list', '--history', store, '--json'], json)
    expect(JSON.parse(json.out()).map((run: { file: string }) => run.file)).toEqual([
      'runs/2026/11/2026-11-01T03-17-00Z-aaaaaa.json',
      'runs/2026/11/2026-11-02T03-17-00Z-bbbbbb.json',
    ])
  })

  it('plan --json gives shards and an Actions matrix', async () => {
    const io = captureIo(dir)
    expect(await main(['plan', '--shards', '2', '--region', 'us-east-1,ap-east-1,eu-west-1', '--json'], io)).toBe(0)
    expect(JSON.parse(io.out())).toMatchObject({
      shards: [
        { id: '1/2', regions: ['ap-east-1', 'eu-west-1'] },
        { id: '2/2', regions: ['us-east-1'] },
      ],
      matrix: {
        include: [
          { shard: '1/2', regions: 'ap-east-1,eu-west-1' },
          { shard: '2/2', regions: 'us-east-1' },
        ],
      },
    })
  })
})
