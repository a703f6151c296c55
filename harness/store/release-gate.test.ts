/** The release gate's verdict per step and for the run (pure), table-driven. */
import { describe, expect, it } from 'vitest'
import { allowed, deniedBy, failed, logsTagOnCreate2022, makeRun } from '../history/run-fixtures.js'
import { emptyIndex, foldRun } from './index-file.js'
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
      /^Release gate: SAME AS THE NIGHTLY — 2 step\(s\) as the nightly — vs nightly 2026-11-02T03-17-00Z-nnnnnn \(6h old\)$/,
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
})
