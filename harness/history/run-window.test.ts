import { expect, it } from 'vitest'
import { allowed, makeRun } from './run-fixtures.js'
import { windowOf } from './run-window.js'

const at = (runId: string, startedAt: string, emulatorDate?: string) =>
  makeRun(runId, startedAt, [['logs/a', 'Step', 'ca-central-1', allowed()]], emulatorDate ? { emulatorDate } : {})

it("a replay's nights are the replays, by simulated date: a run on today's clock is another timeline", () => {
  const quickstart = at('quickstart', '2026-12-07T10:00:00.000Z')
  const before = at('before', '2026-12-07T10:01:00.000Z', '2022-10-01')
  const after = at('after', '2026-12-07T10:02:00.000Z', '2023-02-01')
  // Replayed again later in wall time, earlier in the replayed world.
  const again = at('again', '2026-12-07T10:03:00.000Z', '2022-11-01')
  const ids = (runs: ReturnType<typeof at>[]) => runs.map((run) => run.runId)
  expect(ids(windowOf(after, [quickstart, before, after], 90))).toEqual(['before', 'after'])
  expect(ids(windowOf(again, [quickstart, before, after, again], 90))).toEqual(['before', 'again'])
  expect(ids(windowOf(quickstart, [quickstart, before, after], 90))).toEqual(['quickstart'])
  const tomorrow = at('tomorrow', '2026-12-08T03:00:00.000Z')
  expect(ids(windowOf(tomorrow, [quickstart, before, after, tomorrow], 90))).toEqual(['quickstart', 'tomorrow'])
})
