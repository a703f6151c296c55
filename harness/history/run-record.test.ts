import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allowed, deniedBy, makeRun } from './run-fixtures.js'
import {
  assertNoSecrets,
  listRunRecords,
  newRunId,
  readRunRecord,
  SecretLeakError,
  StoredRunError,
  writeRunRecord,
} from './run-record.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-runs-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const run = (id: string, startedAt: string) =>
  makeRun(id, startedAt, [
    ['logs/create-tagged-log-group', 'CreateLogGroup', 'ca-central-1', allowed()],
    ['ecr/create-tagged-repository', 'CreateRepository', 'ca-central-1', deniedBy('ecr:TagResource')],
  ])

async function storeRaw(name: string, content: string): Promise<string> {
  await mkdir(join(dir, 'runs'), { recursive: true })
  const path = join(dir, 'runs', name)
  await writeFile(path, content)
  return path
}

describe('newRunId', () => {
  it('is time-sortable, file-name safe and unique', () => {
    expect(newRunId(new Date('2026-11-22T10:15:03.456Z'), 'ab12cd')).toBe('2026-11-22T10-15-03-456Z-ab12cd')
    const id = newRunId(new Date('2026-11-22T10:15:03Z'))
    expect(id).toMatch(/^2026-11-22T10-15-03-000Z-[0-9a-f]{6}$/)
    expect(newRunId(new Date('2026-11-22T10:15:03Z'))).not.toBe(id)
  })

  it('lists two runs started within one second in the order they started', () => {
    const later = newRunId(new Date('2026-11-22T10:15:03.900Z'), '000000')
    const earlier = newRunId(new Date('2026-11-22T10:15:03.100Z'), 'ffffff')
    expect([later, earlier].sort()).toEqual([earlier, later])
  })
})

describe('writeRunRecord / readRunRecord', () => {
  it('round-trips a record into <reports>/runs/<runId>.json, creating directories', async () => {
    const record = run('2026-11-22T10-15-03Z-ab12cd', '2026-11-22T10:15:03.000Z')
    const path = await writeRunRecord(join(dir, 'nested', 'reports'), record)
    expect(path).toBe(join(dir, 'nested', 'reports', 'runs', '2026-11-22T10-15-03Z-ab12cd.json'))
    expect(await readRunRecord(path)).toEqual(record)
    expect(await readdir(join(dir, 'nested', 'reports', 'runs'))).toEqual(['2026-11-22T10-15-03Z-ab12cd.json'])
  })

  it('reads a schemaVersion 1 record as version 2 with the endpoint its target implies', async () => {
    const { endpoint: _dropped, ...v2 } = run('old', '2026-11-22T10:15:03.000Z')
    const path = await storeRaw('old.json', JSON.stringify({ ...v2, schemaVersion: 1 }))
    const read = await readRunRecord(path)
    expect(read.schemaVersion).toBe(2)
    expect(read.endpoint).toBe('emulator')
    expect(read.results).toEqual(v2.results)
    const aws = await storeRaw(
      'old-aws.json',
      JSON.stringify({ ...v2, runId: 'old-aws', target: 'aws', schemaVersion: 1 }),
    )
    expect((await readRunRecord(aws)).endpoint).toBe('aws')
  })

  it('leaves no partial or temp file when the final rename fails', async () => {
    const record = run('blocked', '2026-11-22T10:15:03.000Z')
    await mkdir(join(dir, 'runs', 'blocked.json'), { recursive: true }) // a directory where the file should go
    await expect(writeRunRecord(dir, record)).rejects.toThrow()
    expect(await readdir(join(dir, 'runs'))).toEqual(['blocked.json'])
    expect(await readdir(join(dir, 'runs', 'blocked.json'))).toEqual([])
  })

  it('refuses to write a credential and names what it found, not the value', async () => {
    const record = run('leaky', '2026-11-22T10:15:03.000Z')
    const outcome = record.results[1]!.outcome as { message: string }
    outcome.message = 'failed with ASIAQWERTYUIOPASDFGH'
    const error = await writeRunRecord(dir, record).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SecretLeakError)
    expect((error as Error).message).toContain('access key id')
    expect((error as Error).message).not.toContain('ASIAQWERTYUIOPASDFGH')
    await expect(readdir(join(dir, 'runs'))).rejects.toThrow(/ENOENT/)
  })

  it('refuses a known secret value even when it has no recognizable shape', () => {
    expect(() => assertNoSecrets('{"a":"hunter2-secret"}', 'x.json', ['hunter2-secret'])).toThrow(SecretLeakError)
    expect(() => assertNoSecrets('{"a":"fine"}', 'x.json', ['hunter2-secret'])).not.toThrow()
  })

  const invalid: Array<[string, string, RegExp]> = [
    ['not JSON', '{ nope', /not JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a future schemaVersion', JSON.stringify({ schemaVersion: 3 }), /schemaVersion 3 is not supported/],
    ['no schemaVersion', JSON.stringify({ runId: 'x' }), /schemaVersion undefined is not supported/],
    // a drift report, the accounts ledger or an empty object passed where a run record belongs
    [
      'a drift.json',
      JSON.stringify({ schemaVersion: 1, currentRunId: 'r', changes: [], summary: {} }),
      /not a run record \(no "runId" or "results"\); run records are <reports>\/runs\/<runId>\.json/,
    ],
    ['an empty object', '{}', /not a run record/],
    ['a JSON error spanning lines', 'garbage\n', /not JSON \([^\n]*\)$/],
    [
      'an invalid outcome kind',
      JSON.stringify({
        ...run('bad-kind', '2026-11-22T10:15:03.000Z'),
        results: [{ ...run('x', '2026-11-22T10:15:03.000Z').results[0], outcome: { kind: 'maybe', durationMs: 1 } }],
      }),
      /results\[0\]\.outcome\.kind/,
    ],
    [
      'a bad startedAt',
      JSON.stringify({ ...run('bad-date', '2026-11-22T10:15:03.000Z'), startedAt: 'yesterday' }),
      /startedAt: expected an ISO date-time/,
    ],
    [
      'a missing account',
      JSON.stringify({ ...run('no-account', '2026-11-22T10:15:03.000Z'), account: undefined }),
      /account/,
    ],
  ]
  it.each(invalid)('names the file and the problem for %s', async (_name, content, problem) => {
    const path = await storeRaw('broken.json', content)
    const error = await readRunRecord(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoredRunError)
    expect((error as StoredRunError).code).toBe('STORED_RUN_INVALID')
    expect((error as Error).message).toContain(path)
    expect((error as Error).message).toMatch(problem)
  })

  it('says when the file does not exist', async () => {
    await expect(readRunRecord(join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json is not usable: file not found/,
    )
  })
})

describe('listRunRecords', () => {
  it('returns valid runs oldest first and reports invalid files instead of crashing', async () => {
    await writeRunRecord(dir, run('b-later', '2026-11-03T00:00:00.000Z'))
    await writeRunRecord(dir, run('a-earlier-started-later', '2026-11-04T00:00:00.000Z'))
    await writeRunRecord(dir, run('c-first', '2026-11-01T00:00:00.000Z'))
    await storeRaw('garbage.json', 'not json at all')
    await storeRaw('c-first.json.tmp-123-abcd', '{"partial":')
    await storeRaw('notes.txt', 'hello')
    const listing = await listRunRecords(dir)
    expect(listing.runs.map((r) => r.record.runId)).toEqual(['c-first', 'b-later', 'a-earlier-started-later'])
    expect(listing.invalid).toHaveLength(1)
    expect(listing.invalid[0]?.message).toMatch(/garbage\.json is not usable: not JSON/)
  })

  it('is empty for a reports directory that does not exist yet', async () => {
    expect(await listRunRecords(join(dir, 'nothing-here'))).toEqual({ runs: [], invalid: [] })
  })

  it('stored records contain no credential-shaped text', async () => {
    const path = await writeRunRecord(dir, run('clean', '2026-11-22T10:15:03.000Z'))
    const text = await readFile(path, 'utf8')
    expect(() => assertNoSecrets(text)).not.toThrow()
    expect(() => assertNoSecrets(JSON.stringify(run('clean', '2026-11-22T10:15:03.000Z')))).not.toThrow()
  })
})
