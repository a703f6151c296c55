/**
 * The store carries the reports directory's history index: a push keeps it over the store's runs, and a
 * pull into a fresh working copy installs it, so the first command there folds nothing and reads no record.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { generateHistory } from '../history/history-fixtures.js'
import type { HistoryIndex } from '../history/history-index.js'
import { buildHistoryIndex, listRunFiles, loadHistoryIndex, readHistoryIndexFile } from '../history/index-file.js'
import { runsDir, writeRunRecord } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { storePathOf } from './dir-store.js'
import { pullHistory, pushHistory, type StoreContext } from './store.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'harness-store-index-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const store = () => join(root, 'store')
const context = (name: string): StoreContext => ({
  location: { kind: 'dir', dir: store(), spec: store() },
  reportsDir: join(root, name),
  cwd: root,
})
const runs: RunRecord[] = [
  ...generateHistory({ nights: 6, regions: 2, scenarios: 2, steps: 2, seed: 5, mixClasses: false }),
]

async function pushFrom(name: string, nights: RunRecord[]): Promise<void> {
  for (const run of nights) await writeRunRecord(join(root, name), run)
  await pushHistory(context(name))
}

/** What reading every record of the reports directory gives, times aside. */
async function fromRecords(reportsDir: string): Promise<HistoryIndex> {
  return buildHistoryIndex(await listRunFiles(reportsDir), (file) => join(runsDir(reportsDir), file.file))
}
const withoutTimes = (index: HistoryIndex) => ({ ...index, runs: index.runs.map(({ mtimeMs: _, ...run }) => run) })

it('Given runs pushed by two runners, When a fresh working copy pulls, Then its index is the store one and current', async () => {
  await pushFrom('laptop', runs.slice(0, 3))
  await pushFrom('runner', runs.slice(3))
  const stored = await readHistoryIndexFile(store())
  expect(typeof stored).not.toBe('string')
  expect((stored as HistoryIndex).runs.map((run) => run.runId)).toEqual(runs.map((run) => run.runId))

  const fresh = context('fresh')
  expect((await pullHistory(fresh)).copied).toBe(runs.length)
  const loaded = await loadHistoryIndex(fresh.reportsDir)
  expect(loaded.status).toBe('current')
  expect(withoutTimes(loaded.index)).toEqual(withoutTimes(await fromRecords(fresh.reportsDir)))
})

it('Given a store whose index is missing or does not know a run (pushed by an older harness), When a run is pushed, Then it is rebuilt', async () => {
  await pushFrom('laptop', runs.slice(0, 2))
  await rm(join(store(), 'history-index.json'))
  await pushFrom('laptop', [runs[2]!])
  expect(((await readHistoryIndexFile(store())) as HistoryIndex).runs).toHaveLength(3)
  // An older harness put runs[3] into the store without touching history-index.json
  await writeRunRecord(join(root, 'old'), runs[3]!)
  await mkdir(join(store(), storePathOf(runs[3]!), '..'), { recursive: true })
  await copyFile(join(root, 'old', 'runs', `${runs[3]!.runId}.json`), join(store(), storePathOf(runs[3]!)))
  await pushFrom('laptop', [runs[4]!])
  const stored = (await readHistoryIndexFile(store())) as HistoryIndex
  expect(stored.runs.map((run) => run.runId)).toEqual(runs.slice(0, 5).map((run) => run.runId))

  const fresh = context('fresh')
  await pullHistory(fresh)
  expect((await loadHistoryIndex(fresh.reportsDir)).status).toBe('current')
})

it('Given a working copy with runs of its own, When it pulls, Then its own index is kept and brought up to date as before', async () => {
  await pushFrom('laptop', runs.slice(0, 4))
  const own = context('own')
  await writeRunRecord(own.reportsDir, runs[4]!)
  await pullHistory(own)
  const loaded = await loadHistoryIndex(own.reportsDir)
  expect(loaded.status).toBe('rebuilt')
  expect(withoutTimes(loaded.index)).toEqual(withoutTimes(await fromRecords(own.reportsDir)))
})
