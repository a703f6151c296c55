/** What `harness run` re-checks when denied: the steps allowed in their baselines, in the run's own history. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { resolveConfig } from '../config/resolve.js'
import { allowed, makeRun } from '../history/run-fixtures.js'
import { writeRunRecord } from '../history/run-record.js'
import { probedStepsOf } from './run-input.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-probed-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const configDated = (date?: string) =>
  resolveConfig({
    user: { target: 'local', ...(date ? { emulator: { date } } : {}) },
    cwd: dir,
    env: {},
    flags: { reportsDir: dir },
  }).config

it('re-checks a denied step allowed in its baseline only within its clock: a replay does not take today’s runs', async () => {
  // Allowed on today's clock, in the reports directory a replay then runs in.
  await writeRunRecord(
    dir,
    makeRun('today', '2026-12-07T10:00:00.000Z', [['logs/a', 'CreateLogGroup', 'ca-central-1', allowed()]]),
  )
  const probed = (date?: string, emulator?: { external: boolean; replayDate?: string }) =>
    probedStepsOf(configDated(date), { endpoint: 'emulator', emulator }, new Date('2026-12-07T11:00:00Z'), undefined)
  expect((await probed()).size).toBe(1)
  expect((await probed('2022-10-01')).size).toBe(0)
  // An emulator of its own keeps its clock: today's, or a replay's it says when connected to.
  expect((await probed('2022-10-01', { external: true })).size).toBe(1)
  expect((await probed(undefined, { external: true, replayDate: '2022-10-01T00:00:00.000Z' })).size).toBe(0)
})
