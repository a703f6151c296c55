import { describe, expect, it } from 'vitest'
import { allowed, deniedBy, failed, makeRun } from '../../history/run-fixtures.js'
import { renderDashboard } from './index.js'
import { lineDiff, withContext } from './line-diff.js'
import { awsChangesFor, awsMarkers, policyMarkers, stepAwsMarkers } from './markers.js'
import { buildDashboard } from './model.js'
import { nightOf } from './nights.js'
import { buildStrips, streaksOf } from './strips.js'
import { declaredPolicy, generateHistory, reportForLatest } from './test-histories.js'

const S = 'ecr/create-tagged-repository'
const REPO = 'arn:aws:ecr:eu-west-1:210987654321:repository/harness-repo-1'

describe('strips', () => {
  it('dates the current streak from its first night, across inconclusive nights in between', () => {
    const outcomes = [
      allowed(),
      deniedBy('ecr:TagResource', REPO),
      failed('throttled', 'Throttling'),
      deniedBy('ecr:TagResource', REPO),
    ]
    const runs = outcomes.map((outcome, i) =>
      makeRun(`r${i}`, `2026-03-0${i + 1}T00:00:00.000Z`, [[S, 'CreateRepository', 'eu-west-1', outcome]]),
    )
    const [strip] = buildStrips(
      [{ scenario: S, step: 'CreateRepository', region: 'eu-west-1' }],
      runs,
      runs.map(nightOf),
    )
    expect(strip!.marks).toEqual(['allowed', 'denied', 'inconclusive', 'denied'])
    expect(strip!.since).toEqual({ mark: 'denied', date: '2026-03-02T00:00:00.000Z', runId: 'r1' })
    expect(streaksOf(strip!.marks).map((s) => [s.mark, s.from, s.to])).toEqual([
      ['allowed', 0, 0],
      ['denied', 1, 1],
      ['inconclusive', 2, 2],
      ['denied', 3, 3],
    ])
  })
})

describe('the Now grid', () => {
  it('says on a still-denied cell that tonight did not see it denied, and why (QA: throttled read as STILL DENIED only)', () => {
    const outcomes = [allowed(), deniedBy('ecr:TagResource', REPO), failed('throttled', 'Throttling')]
    const runs = outcomes.map((outcome, i) =>
      makeRun(`r${i}`, `2026-03-0${i + 1}T00:00:00.000Z`, [[S, 'CreateRepository', 'eu-west-1', outcome]]),
    )
    const model = buildDashboard({ report: reportForLatest(runs), current: runs.at(-1)!, history: runs })
    const cell = model.rows.flatMap((row) => row.cells).find((c) => c?.step === 'CreateRepository')
    expect(cell).toMatchObject({ label: 'STILL DENIED' })
    expect(cell?.detail).toMatch(/^throttled tonight · /)
    const html = renderDashboard({ report: reportForLatest(runs), current: runs.at(-1)!, history: runs })
    expect(html).toContain('1 open denial (1 of them not seen denied in this run: not known fixed).')
  })
})

describe('time-axis markers', () => {
  const nights = generateHistory({ runs: 90, regions: ['ca-central-1'], steps: [[S, 'CreateRepository']] }).map(nightOf)

  it('places a staged AWS rollout at the date it reached the strip’s region', () => {
    const at = (region: string) => stepAwsMarkers(nights, 'logs:CreateLogGroup', region).map((m) => m.date)
    expect(at('ca-central-1')).toEqual(['2022-11-10'])
    expect(at('eu-west-1')).toEqual(['2022-11-23'])
    expect(stepAwsMarkers(nights, 'sqs:CreateQueue', 'eu-west-1')).toEqual([])
  })

  it('marks a staged rollout only where it reached the regions shown (QA: af-south-1 on an ap-east-1 page)', () => {
    const logs = awsChangesFor(['logs:CreateLogGroup'])
    const dates = (regions: string[]) =>
      awsMarkers(nights, logs, regions).map((m) => `${m.date} ${m.text.split('(')[1]}`)
    expect(dates(['ap-east-1'])).toEqual(['2022-11-23 other regions, date approximate)'])
    expect(dates(['ca-central-1'])).toEqual(['2022-11-10 ca-central-1, date approximate)'])
    expect(dates(['ca-central-1', 'eu-west-1']).map((d) => d.slice(0, 10))).toEqual(['2022-11-10', '2022-11-23'])
  })

  it('marks only the AWS changes the steps shown can meet (QA)', () => {
    const history = generateHistory({ runs: 90, regions: ['ca-central-1'], steps: [[S, 'CreateRepository']] })
    const model = buildDashboard({ report: reportForLatest(history), current: history.at(-1)!, history })
    const aws = model.axis.filter((marker) => marker.kind === 'aws').map((marker) => marker.text)
    expect(aws.some((text) => text.startsWith('AWS: ECR: CreateRepository with tags'))).toBe(true)
    expect(aws.filter((text) => text.includes('CloudWatch Logs'))).toEqual([])
  })

  it('names the actions a policy change added or removed', () => {
    const before = makeRun('a', '2026-01-01T00:00:00Z', [], { policy: declaredPolicy(false), policyHash: 'h1' })
    const after = makeRun('b', '2026-01-02T00:00:00Z', [], { policy: declaredPolicy(true), policyHash: 'h2' })
    const markers = policyMarkers([before, after], [before, after].map(nightOf))
    expect(markers.map((m) => [m.night, m.text])).toEqual([[1, 'declared policy changed: +logs:TagResource']])
  })

  it('tells an action moved from an Allow to a Deny from a change of resources (QA)', () => {
    const allowing = declaredPolicy(true) as { Statement: Array<Record<string, unknown>> }
    const denying = structuredClone(allowing)
    for (const statement of denying.Statement)
      statement.Action = [statement.Action].flat().filter((action) => action !== 'logs:TagResource')
    denying.Statement.push({ Effect: 'Deny', Action: 'logs:TagResource', Resource: '*' })
    const before = makeRun('a', '2026-01-01T00:00:00Z', [], { policy: allowing, policyHash: 'h1' })
    const after = makeRun('b', '2026-01-02T00:00:00Z', [], { policy: denying, policyHash: 'h2' })
    const markers = policyMarkers([before, after], [before, after].map(nightOf))
    expect(markers.map((m) => m.text)).toEqual(['declared policy changed: −logs:TagResource, +Deny logs:TagResource'])
  })
})

describe('embedded drill-down data', () => {
  it('stays valid JSON through the page-wide redaction, with quotes and backslashes in AWS messages', () => {
    const run = makeRun('q', '2026-01-01T00:00:00Z', [
      [S, 'CreateRepository', 'eu-west-1', deniedBy('ecr:TagResource', REPO)],
    ])
    const outcome = run.results[0]!.outcome as { message: string }
    outcome.message = 'denied; Signature="abc123def" path C:\\ and a "quoted" word\\'
    const html = renderDashboard({ report: reportForLatest([run]), current: run, history: [run] })
    const json = /<script type="application\/json" id="drill-data">(.*?)<\/script>/s.exec(html)?.[1] ?? ''
    const data = JSON.parse(json) as Record<string, { message?: string }>
    const message = Object.values(data)[0]!.message!
    expect(message).not.toContain('abc123def')
    expect(message).toContain('a "quoted" word\\')
  })
})

describe('lineDiff', () => {
  it('marks added and removed lines and cuts long unchanged runs to their context', () => {
    const before = ['{', 'a', 'b', 'c', 'd', 'e', 'f', 'g', '}']
    const after = ['{', 'a', 'b', 'c', 'd', 'e', 'f', 'g2', 'h', '}']
    expect(withContext(lineDiff(before, after), 1)).toEqual([
      { op: ' ', text: '…' },
      { op: ' ', text: 'f' },
      { op: '-', text: 'g' },
      { op: '+', text: 'g2' },
      { op: '+', text: 'h' },
      { op: ' ', text: '}' },
    ])
  })
})

describe('buildDashboard edge cases', () => {
  it('draws the nights that ran in a seasoned account on the timeline axis', () => {
    const history = generateHistory({ runs: 5, regions: ['eu-west-1'] })
    history[1]!.account.fresh = false
    history[2]!.account.fresh = false
    const html = renderDashboard({ report: reportForLatest(history), current: history.at(-1)!, history })
    expect(html).toContain('<span class="since">2 seasoned nights of 5</span>')
    expect(html.match(/: seasoned account<\/title>/g)).toHaveLength(2)
  })

  it('calls a region whose steps another night did not run "not run", not inconclusive', () => {
    const night = (id: string, day: string, regions: string[]) =>
      makeRun(
        id,
        `2026-11-0${day}T03:00:00.000Z`,
        regions.map((region) => [S, 'CreateRepository', region, allowed()]),
      )
    const history = [
      night('n1', '1', ['ap-east-1', 'ca-central-1']),
      night('n2', '2', ['ca-central-1']),
      night('n3', '3', ['ap-east-1', 'ca-central-1']),
    ]
    const html = renderDashboard({ report: reportForLatest(history), current: history.at(-1)!, history })
    expect(html).toContain('ap-east-1 · 1 step / not-run nights only')
    expect(html).toContain('<span class="since">1 night not run</span>')
    expect(html).not.toContain('inconclusive nights only')
  })

  it('flags a denial the documented rules did not predict: AWS disagrees', () => {
    const history = generateHistory({ runs: 1, regions: ['eu-west-1'] })
    const current = history[0]!
    const ecr = current.results.find((r) => r.scenario === S)!
    Object.assign(ecr, { prediction: { outcome: 'allowed', missing: [] } })
    const model = buildDashboard({ report: reportForLatest(history), current, history })
    const drill = Object.values(model.drill).find((d) => d.title === `eu-west-1 · ${S} / CreateRepository`)!
    expect(new Map(drill.rows).get('Prediction vs actual')).toBe(
      'predicted allowed, actual denied — AWS disagrees with the documented rules',
    )
    const cell = model.rows.flatMap((row) => row.cells).find((c) => c?.scenario === S)!
    expect(cell.detail).toBe('no baseline · fresh · ≠ docs')
    expect(cell.description).toContain('AWS disagrees with the documented rules')
  })

  it("does not blame AWS for a denial the policy's own resource scope may explain (QA)", () => {
    const history = generateHistory({ runs: 1, regions: ['eu-west-1'] })
    const current = history[0]!
    const ecr = current.results.find((r) => r.scenario === S)!
    Object.assign(ecr, { prediction: { outcome: 'allowed', missing: [], scoped: ['ecr:TagResource'] } })
    const model = buildDashboard({ report: reportForLatest(history), current, history })
    const drill = Object.values(model.drill).find((d) => d.title === `eu-west-1 · ${S} / CreateRepository`)!
    expect(new Map(drill.rows).get('Prediction vs actual')).toBe(
      'predicted allowed, actual denied — the policy grants it only on some resources or under conditions, which may explain it',
    )
    // The page without scripts shows the fix's statement after the rows that introduce it.
    const html = renderDashboard({ report: reportForLatest(history), current, history })
    expect(html).toMatch(
      /<section class="finding"[^>]*>.*<\/dl><pre class="statement">\{\n {2}&quot;Effect&quot;: &quot;Allow&quot;/s,
    )
  })

  it('a passing night whose only change is a denial gone: worth a look, not "needs attention"', () => {
    const night = (id: string, date: string, eu: ReturnType<typeof allowed>) =>
      makeRun(id, date, [
        [S, 'CreateRepository', 'eu-west-1', eu],
        [S, 'CreateRepository', 'us-east-1', allowed()],
        [S, 'CreateRepository', 'ap-east-1', deniedBy('ecr:TagResource', REPO)],
      ])
    const before = night('r1', '2026-01-01T00:00:00Z', deniedBy('ecr:TagResource', REPO))
    const relaxed = night('r2', '2026-01-02T00:00:00Z', allowed())
    const history = [before, relaxed]
    const html = renderDashboard({ report: reportForLatest(history), current: relaxed, history })
    // ap-east-1 is still denied: that one needs attention; eu-west-1's denial went away: worth a look.
    expect(html).toContain(
      '1 region needs attention; 1 region worth a look (a denial gone or probed out); 1 region: no drift.',
    )
    const fixed = night('r3', '2026-01-03T00:00:00Z', allowed())
    fixed.results[2]!.outcome = allowed()
    const calm = [before, fixed]
    expect(renderDashboard({ report: reportForLatest(calm), current: fixed, history: calm })).toContain(
      'No region needs attention; 2 regions worth a look (a denial gone or probed out); 1 region: no drift.',
    )
  })

  it('a denial probed out is worth a look; a step that could not be judged needs attention', () => {
    const night = (id: string, date: string) =>
      makeRun(id, date, [
        [S, 'CreateRepository', 'eu-west-1', allowed()],
        [S, 'CreateRepository', 'us-east-1', allowed()],
      ])
    const before = night('r1', '2026-01-01T00:00:00Z')
    const probed = night('r2', '2026-01-02T00:00:00Z')
    // Denied at first, allowed on a probe: IAM propagation, not drift.
    probed.results[0]!.transientDenial = true
    const history = [before, probed]
    expect(renderDashboard({ report: reportForLatest(history), current: probed, history })).toContain(
      'No region needs attention; 1 region worth a look (a denial gone or probed out); 1 region: no drift.',
    )
    // A new step throttled beside allowed ones: its region reads "no drift" but the step was never judged.
    const throttled = night('r3', '2026-01-03T00:00:00Z')
    throttled.results.push({
      ...throttled.results[1]!,
      step: 'TagResource',
      outcome: failed('throttled', 'Throttling'),
    })
    const later = [before, throttled]
    expect(renderDashboard({ report: reportForLatest(later), current: throttled, history: later })).toContain(
      '1 region needs attention; 1 region: no drift.',
    )
  })

  it('renders a run with no steps and a record that stored no policy, saying so', () => {
    const empty = makeRun('empty', '2026-01-01T00:00:00Z', [])
    expect(renderDashboard({ report: reportForLatest([empty]), current: empty, history: [empty] })).toContain(
      'No region needs attention.',
    )
    const noPolicy = makeRun('old', '2026-01-01T00:00:00Z', [
      [S, 'CreateRepository', 'eu-west-1', deniedBy('ecr:TagResource', REPO)],
    ])
    const html = renderDashboard({ report: reportForLatest([noPolicy]), current: noPolicy, history: [noPolicy] })
    expect(html).toContain('This run did not store its declared policy')
    expect(html).toContain('Add statement <code>HarnessDriftFix1</code>')
  })
})
