/** The release gate's verdict per step and for the run (pure), table-driven. */
import { describe, expect, it } from 'vitest'
import { allowed, deniedBy, failed, logsTagOnCreate2022, makeRun } from '../history/run-fixtures.js'
import { emptyIndex, foldRun, type HistoryIndex } from './index-file.js'
import { judgeReleaseGate } from './release-gate.js'

const S = 'logs/create-tagged-log-group'
const nightly = makeRun('2026-11-02T03-17-00Z-nnnnnn', '2026-11-02T03:17:00.000Z', [
  [S, 'CreateLogGroup', 'us-east-1', allowed()],
  [S, 'PutRetention', 'us-east-1', deniedBy('logs:PutRetentionPolicy')],
])
const index = foldRun(emptyIndex(), nightly, 'runs/2026/11/x.json')
const NOW = new Date('2026-11-02T09:18:00.000Z') // six hours after the nightly finished
const gateFor = (create: ReturnType<typeof allowed>, retention = deniedBy('logs:PutRetentionPolicy'), maxAge = 36) =>
  judgeReleaseGate(
    index,
    makeRun('2026-11-02T09-00-00Z-gggggg', '2026-11-02T09:00:00.000Z', [
      [S, 'CreateLogGroup', 'us-east-1', create],
      [S, 'PutRetention', 'us-east-1', retention],
    ]),
    NOW,
    maxAge,
  )

describe('judgeReleaseGate', () => {
  it.each([
    [
      'same outcomes',
      allowed(),
      undefined,
      'same',
      // The nightly's own denial of PutRetention is open there too: never "same" alone.
      /^Release gate: SAME AS THE NIGHTLY, WHICH HAS 1 OPEN FINDING — 2 step\(s\) as the nightly — open in the nightly and still here: .*PutRetention @ us-east-1: denied \(logs:PutRetentionPolicy\), an open denial — vs nightly 2026-11-02T03-17-00Z-nnnnnn \(6h old\)$/,
    ],
    [
      'a new denial',
      deniedBy('logs:TagResource'),
      undefined,
      'new-denial',
      /NEW DENIAL — 1 of 2 step\(s\): .*CreateLogGroup @ us-east-1: denied \(logs:TagResource\)/,
    ],
    [
      'a new denial naming alternatives',
      logsTagOnCreate2022(),
      undefined,
      'new-denial',
      /CreateLogGroup @ us-east-1: denied \(logs:TagResource or logs:TagLogGroup\)/,
    ],
    [
      'a new allow',
      allowed(),
      allowed(),
      'new-allow',
      /NEW ALLOW — 1 of 2 step\(s\): .*PutRetention @ us-east-1: allowed/,
    ],
    [
      'a throttled step',
      failed('throttled', 'ThrottlingException'),
      undefined,
      'inconclusive',
      /INCONCLUSIVE — 1 of 2 step\(s\): .*: throttled, throttled now/,
    ],
    [
      'a denial for another permission',
      allowed(),
      deniedBy('logs:TagResource'),
      'new-denial',
      /denied for another permission/,
    ],
  ] as const)('Given %s, Then %s', (_, create, retention, status, line) => {
    const gate = gateFor(create, retention)
    expect(gate.status).toBe(status)
    expect(gate.line).toMatch(line)
    expect(gate.stale).toBe(false)
  })

  it('Given a new denial and an inconclusive step, Then the new denial decides', () => {
    expect(gateFor(deniedBy('logs:TagResource'), failed('error', 'StepTimeout')).status).toBe('new-denial')
  })

  it('Given a nightly older than the configured age, Then STALE and a warning', () => {
    const gate = gateFor(allowed(), undefined, 5)
    expect(gate.stale).toBe(true)
    expect(gate.line).toMatch(/\(6h old, STALE\)$/)
    expect(gate.warning).toMatch(/6h old \(more than 5h\)/)
  })

  it('Given an empty store, Then inconclusive, never the same as the nightly', () => {
    const gate = judgeReleaseGate(emptyIndex(), nightly, NOW, 36)
    expect(gate.status).toBe('inconclusive')
    expect(gate.line).toMatch(/vs no nightly run$/)
    expect(gate.warning).toMatch(/no comparable nightly run/)
  })

  it('Given a run on another endpoint, Then nothing is compared', () => {
    const gate = judgeReleaseGate(index, { ...nightly, runId: 'other', endpoint: 'aws', target: 'aws' }, NOW, 36)
    expect(gate.status).toBe('inconclusive')
  })

  it('Given a replay, Then it is never compared with the nightly on today’s clock, nor that nightly with it', () => {
    const replay = { ...nightly, runId: 'replay', emulatorDate: '2022-10-01T00:00:00.000Z' }
    expect(judgeReleaseGate(index, replay, NOW, 36)).toMatchObject({ status: 'inconclusive', baselineRun: undefined })
    const replays = foldRun(emptyIndex(), { ...replay, runId: 'replay-nightly' }, 'runs/2026/11/r.json')
    const replayGate = judgeReleaseGate(replays, { ...replay, runId: 'replay-check' }, NOW, 36)
    expect(replayGate.status).toBe('same')
    // Said as the replays' nightly, with its emulated day: not read as today's.
    expect(replayGate.line).toMatch(/vs replay nightly replay-nightly \(emulated 2022-10-01, 6h old\)$/)
    expect(replayGate.baselineRun?.emulatorDate).toBe('2022-10-01T00:00:00.000Z')
    expect(judgeReleaseGate(replays, { ...nightly, runId: 'today-check' }, NOW, 36).status).toBe('inconclusive')
  })

  it('Given a clean nightly and the same outcomes, Then SAME AS THE NIGHTLY alone', () => {
    const clean = foldRun(
      emptyIndex(),
      makeRun(nightly.runId, nightly.startedAt, [[S, 'CreateLogGroup', 'us-east-1', allowed()]]),
      'x',
    )
    const gate = judgeReleaseGate(
      clean,
      makeRun('check', '2026-11-02T09:00:00.000Z', [[S, 'CreateLogGroup', 'us-east-1', allowed()]]),
      NOW,
      36,
    )
    expect(gate.line).toBe(
      'Release gate: SAME AS THE NIGHTLY — 1 step(s) as the nightly — vs nightly 2026-11-02T03-17-00Z-nnnnnn (6h old)',
    )
    expect(gate.nightlyFindings).toEqual([])
    expect(gate.warning).toBeUndefined()
  })
})

describe('the nightly’s own open findings (QA: "SAME AS THE NIGHTLY" while the nightly had an open regression)', () => {
  const E = 'ecr/create-tagged-repository'
  const allowedNight = makeRun('2026-11-01T03-17-00Z-aaaaaa', '2026-11-01T03:17:00.000Z', [
    [S, 'CreateLogGroup', 'ap-east-1', allowed()],
    [E, 'CreateRepository', 'ap-east-1', allowed()],
    [E, 'CreateRepository', 'us-east-1', allowed()],
  ])
  const regressedNight = makeRun('2026-11-02T03-17-00Z-bbbbbb', '2026-11-02T03:17:00.000Z', [
    [S, 'CreateLogGroup', 'ap-east-1', deniedBy('logs:PutRetentionPolicy')],
    [E, 'CreateRepository', 'ap-east-1', allowed()],
    [E, 'CreateRepository', 'us-east-1', deniedBy('ecr:TagResource')],
  ])
  const history = [allowedNight, regressedNight].reduce<HistoryIndex>(
    (index, run) => foldRun(index, run, 'x'),
    emptyIndex(),
  )
  const check = (...specs: Parameters<typeof makeRun>[2]) =>
    judgeReleaseGate(history, makeRun('2026-11-02T09-00-00Z-cccccc', '2026-11-02T09:00:00.000Z', specs), NOW, 36)

  it('Given the check sees the nightly’s regression too, Then the head says the nightly has an open finding and names it', () => {
    const gate = check(
      [S, 'CreateLogGroup', 'ap-east-1', deniedBy('logs:PutRetentionPolicy')],
      [E, 'CreateRepository', 'ap-east-1', allowed()],
    )
    expect(gate.status).toBe('same')
    expect(gate.line).toMatch(
      /^Release gate: SAME AS THE NIGHTLY, WHICH HAS 1 OPEN FINDING — 2 step\(s\) as the nightly — open in the nightly and still here: logs\/create-tagged-log-group \/ CreateLogGroup @ ap-east-1: denied \(logs:PutRetentionPolicy\), a regression — vs nightly 2026-11-02T03-17-00Z-bbbbbb/,
    )
    expect(gate.nightlyFindings).toEqual([
      {
        step: `${S} / CreateLogGroup @ ap-east-1`,
        kind: 'regression',
        nightly: 'denied (logs:PutRetentionPolicy)',
        runId: regressedNight.runId,
        checked: true,
      },
    ])
  })

  it('Given a check limited with --scenario to a clean step, Then the regression it did not run in its region is said, and no other region’s', () => {
    const gate = check([E, 'CreateRepository', 'ap-east-1', allowed()])
    expect(gate.line).toMatch(
      /^Release gate: SAME AS THE NIGHTLY, WHICH HAS 1 OPEN FINDING — 1 step\(s\) as the nightly — open in the nightly, not run by this check: logs\/create-tagged-log-group \/ CreateLogGroup @ ap-east-1: denied \(logs:PutRetentionPolicy\), a regression — vs/,
    )
    expect(gate.line).not.toContain('us-east-1')
    expect(gate.warning).toMatch(/this check did not run 1 step the nightly has open in its region\(s\)/)
  })

  it('Given a step the scenario declares must be denied, Then its denial in the nightly is no finding', () => {
    const expected = makeRun('2026-11-03T03-17-00Z-dddddd', '2026-11-03T03:17:00.000Z', [
      [S, 'CreateLogGroup', 'ap-east-1', deniedBy('logs:PutRetentionPolicy')],
    ])
    expected.results[0]!.expect = 'denied'
    const gate = check([E, 'CreateRepository', 'ap-east-1', allowed()])
    const withExpected = judgeReleaseGate(
      foldRun(history, expected, 'x'),
      makeRun('c', '2026-11-03T09:00:00.000Z', [[E, 'CreateRepository', 'ap-east-1', allowed()]]),
      NOW,
      36,
    )
    expect(gate.nightlyFindings).toHaveLength(1)
    expect(withExpected.nightlyFindings).toEqual([])
  })
})

describe('the age of what was compared (QA: "(0m old)" while steps were compared with an older run)', () => {
  const E = 'ecr/create-tagged-repository'
  const full = makeRun('2026-10-30T03-17-00Z-oooooo', '2026-10-30T03:17:00.000Z', [
    [S, 'CreateLogGroup', 'us-east-1', allowed()],
    [E, 'CreateRepository', 'us-east-1', allowed()],
  ])
  // The newest night ran one scenario only: the other step's last outcome is three days old.
  const partial = makeRun('2026-11-02T09-00-00Z-pppppp', '2026-11-02T09:00:00.000Z', [
    [S, 'CreateLogGroup', 'us-east-1', allowed()],
  ])
  const history = foldRun(foldRun(emptyIndex(), full, 'x'), partial, 'y')
  const both = makeRun('check', '2026-11-02T09:17:00.000Z', [
    [S, 'CreateLogGroup', 'us-east-1', allowed()],
    [E, 'CreateRepository', 'us-east-1', allowed()],
  ])

  it('Given a step compared with an older run past the age limit, Then STALE, from the oldest run, both runs named', () => {
    const gate = judgeReleaseGate(history, both, NOW, 36)
    expect(gate.stale).toBe(true)
    expect(gate.baselineRun?.runId).toBe(partial.runId)
    expect(gate.oldestBaselineRun?.runId).toBe(full.runId)
    expect(gate.ageHours).toBeCloseTo(78, 0)
    expect(gate.line).toMatch(
      /vs nightly 2026-11-02T09-00-00Z-pppppp \(17m old\), 1 step\(s\) vs older nightly runs, the oldest 2026-10-30T03-17-00Z-oooooo \(3d old, STALE\)$/,
    )
    expect(gate.steps.filter((step) => step.stale).map((step) => step.step)).toEqual([
      `${E} / CreateRepository @ us-east-1`,
    ])
    expect(gate.warning).toMatch(
      /the oldest nightly run compared with is 3d old \(more than 36h\): 2026-10-30T03-17-00Z-oooooo, for 1 step\(s\)/,
    )
  })

  it('Given every compared run within the limit, Then not stale, and the age is still the oldest’s', () => {
    const gate = judgeReleaseGate(history, both, NOW, 100)
    expect(gate.stale).toBe(false)
    expect(gate.line).toMatch(/the oldest 2026-10-30T03-17-00Z-oooooo \(3d old\)$/)
  })
})

describe('a region the nightly never ran (QA: "no comparable nightly run" while 7 comparable runs existed)', () => {
  it('Given a check in eu-west-1 and a nightly in us-east-1, Then it says the nightly never ran eu-west-1', () => {
    const check = makeRun('check', '2026-11-02T09:00:00.000Z', [[S, 'CreateLogGroup', 'eu-west-1', allowed()]])
    const gate = judgeReleaseGate(index, check, NOW, 36)
    expect(gate.status).toBe('inconclusive')
    expect(gate.regionsNeverRun).toEqual(['eu-west-1'])
    expect(gate.warning).toBe('the nightly never ran eu-west-1: nothing to compare with there (it ran us-east-1)')
    expect(gate.steps[0]?.reason).toBe('the nightly never ran eu-west-1')
  })
})
