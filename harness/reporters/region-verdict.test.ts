import { describe, expect, it } from 'vitest'
import { diffRuns } from '../history/diff.js'
import { stepKey } from '../history/diff-keys.js'
import { allowed, deniedBy, failed, makeRun } from '../history/run-fixtures.js'
import type { Outcome } from '../outcomes/types.js'
import { renderConsoleSummary } from './console-summary.js'
import { drillDown } from './dashboard/drill.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import { renderHtmlReport } from './html-report.js'
import { renderJunit } from './junit.js'
import { regionVerdicts } from './region-verdict.js'

const boom = (message: string): Outcome => ({ kind: 'error', durationMs: 5, errorName: 'Error', message })
const run = (id: string, outcomes: Outcome[], region = 'eu-west-1') =>
  makeRun(
    `2026-11-0${id}T09-00-00Z-abc00${id}`,
    `2026-11-0${id}T09:00:00.000Z`,
    outcomes.map((o, i) => [`sc/s${i}`, 'Step', region, o]),
  )

describe('region verdicts when nothing was allowed', () => {
  it('Given a first run where every step errored, Then the verdict says 0 of N allowed and why, not "first run (0 allowed)"', () => {
    const current = run('2', [boom('a'), boom('b'), boom('c')])
    const [verdict] = regionVerdicts(diffRuns(null, current, [], {}))
    expect(verdict?.text).toBe('first run, no baseline — 0 of 3 steps allowed (3 errors: see below)')
    expect(verdict?.status).toBe('inconclusive')
  })

  it('Given a later run where a new region only failed and one step was denied, Then the open denial leads the verdict', () => {
    const baseline = makeRun('2026-11-01T09-00-00Z-abc001', '2026-11-01T09:00:00.000Z', [
      ['sc/a', 'Step', 'us-east-1', allowed()],
    ])
    const current = makeRun('2026-11-02T09-00-00Z-abc002', '2026-11-02T09:00:00.000Z', [
      ['sc/a', 'Step', 'us-east-1', allowed()],
      ['sc/a', 'Step', 'eu-west-1', boom('x')],
      ['sc/b', 'Step', 'eu-west-1', failed('throttled', 'ThrottlingException')],
      ['sc/c', 'Step', 'eu-west-1', deniedBy('logs:TagResource')],
    ])
    const verdict = regionVerdicts(diffRuns(baseline, current, [baseline, current], {})).find(
      (v) => v.region === 'eu-west-1',
    )
    expect(verdict?.text).toBe('1 open denial (never allowed) — add logs:TagResource; 2 new steps')
    expect(verdict?.status).toBe('open-denial')
  })

  it('Given a regression beside a step that errored, Then the region line names both (QA: the 503 was in no line)', () => {
    const baseline = run('1', [allowed(), allowed()])
    const current = run('2', [deniedBy('logs:TagResource'), boom('Service Unavailable')])
    const [verdict] = regionVerdicts(diffRuns(baseline, current, [baseline, current], {}))
    expect(verdict?.status).toBe('regression')
    expect(verdict?.text).toMatch(
      /^1 regression — add logs:TagResource.*; also 1 step inconclusive \(.+: sc\/s1 \/ Step\)$/,
    )
  })

  it('Given a regression beside a step skipped because of it, Then the skip is not called inconclusive (review)', () => {
    const baseline = run('1', [allowed(), allowed()])
    const current = run('2', [
      deniedBy('ec2:RunInstances'),
      { kind: 'skipped', reason: 'depends on step Step (denied)', durationMs: 0 },
    ])
    const [verdict] = regionVerdicts(diffRuns(baseline, current, [baseline, current], {}))
    expect(verdict?.text).not.toContain('inconclusive')
  })

  it('Given a first run with some errors, Then the counts name them beside the allowed steps', () => {
    const [verdict] = regionVerdicts(diffRuns(null, run('2', [allowed(), boom('a')]), [], {}))
    expect(verdict?.text).toBe('first run, no baseline (1 step allowed, 1 error)')
    expect(verdict?.status).toBe('first-run')
  })

  it('Given a first run with an allowed step beside a denied one, Then no step is counted as new (every step is)', () => {
    const [verdict] = regionVerdicts(diffRuns(null, run('2', [allowed(), deniedBy('ecr:TagResource')]), [], {}))
    expect(verdict?.text).toBe('1 open denial (never allowed) — add ecr:TagResource')
  })

  it('Given a first run where every step was denied, Then each denial is an open denial, not a quiet first run', () => {
    const [verdict] = regionVerdicts(diffRuns(null, run('2', [deniedBy('s3:PutObject')]), [], {}))
    expect(verdict?.text).toBe('1 open denial (never allowed) — add s3:PutObject')
    expect(verdict?.status).toBe('open-denial')
  })
})

describe('failed outcomes in drift.md, report.html and the console', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  const current = run('2', [boom(`connect ECONNREFUSED 127.0.0.1:4566\n  at ${secret}`), boom('slow '.repeat(100))])
  const report = diffRuns(null, current, [], {})

  it('Then drift.md shows the error name and its message on one line, redacted', () => {
    const md = renderDriftMarkdown(report, current, null)
    expect(md).toContain('- **eu-west-1**: first run, no baseline — 0 of 2 steps allowed (2 errors: see below)')
    expect(md).toContain('| error: Error: connect ECONNREFUSED 127.0.0.1:4566 at [REDACTED] |')
    expect(md).not.toContain(secret)
    const long = md.split('\n').find((line) => line.startsWith('| sc/s1 '))
    expect(long).toContain(`| error: Error: ${'slow '.repeat(40).slice(0, 199)}… |`)
  })

  it('Then junit.xml errors the errored steps and the run as incomplete (exit 4)', () => {
    const xml = renderJunit(report)
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="0" errors="3">/)
    expect(xml).toContain('<error type="incomplete" message="run incomplete: 2 steps errored')
  })

  it('Then report.html shows the same label in the matrix', () => {
    const html = renderHtmlReport(report, current, null)
    expect(html).toContain('error: Error: connect ECONNREFUSED 127.0.0.1:4566 at [REDACTED]')
    expect(html).toContain('first run, no baseline — 0 of 2 steps allowed (2 errors: see below)')
  })

  it('Then the console flags the region instead of listing it as a quiet first run, and lists the errors below', () => {
    const lines = renderConsoleSummary(report, { color: false }).split('\n')
    const at = lines.indexOf('  ? eu-west-1: first run, no baseline — 0 of 2 steps allowed (2 errors: see below)')
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 1]).toBe('      sc/s0 / Step: error: Error: connect ECONNREFUSED 127.0.0.1:4566 at [REDACTED]')
    expect(lines[at + 2]).toMatch(/^ {6}sc\/s1 \/ Step: error: Error: slow slow .*…$/)
  })

  it('Then the console lists at most three failed steps under a region', () => {
    const many = run('2', [boom('a'), boom('b'), boom('c'), boom('d'), boom('e')])
    const lines = renderConsoleSummary(diffRuns(null, many, [], {}), { color: false })
      .trimEnd()
      .split('\n')
    expect(lines.at(-1)).toMatch(/^Verdict: incomplete run \(exit 4\) — 5 steps errored/)
    expect(lines.slice(-5, -1)).toEqual([
      '      sc/s0 / Step: error: Error: a',
      '      sc/s1 / Step: error: Error: b',
      '      sc/s2 / Step: error: Error: c',
      '      … and 2 more',
    ])
  })
})

describe('region verdicts that say why a region is inconclusive', () => {
  const night = (day: number, outcome: Outcome | undefined) => {
    const id = `2026-11-0${day}T09-00-00Z-abc00${day}`
    const at = `2026-11-0${day}T09:00:00.000Z`
    if (outcome) return makeRun(id, at, [['sc/a', 'Step', 'eu-west-1', outcome]])
    // A shard that never reported: its region has an error and no results.
    return makeRun(id, at, [], {
      regions: [{ name: 'eu-west-1', error: 'shard 2/2 did not report' }],
      scenarios: ['sc/a'],
    })
  }
  const verdictOf = (history: ReturnType<typeof night>[]) =>
    regionVerdicts(diffRuns(history.at(-2)!, history.at(-1)!, history, {})).find((v) => v.region === 'eu-west-1')

  it('Given a denial that a probe cleared, Then it says so, not "allowed"', () => {
    const probed = night(2, allowed())
    probed.results[0]!.transientDenial = true
    expect(verdictOf([night(1, allowed()), probed])?.text).toBe('inconclusive — a denial cleared on a probe')
  })

  it('Given a region that did not run tonight, Then "not run tonight", and an open regression is not known fixed', () => {
    expect(verdictOf([night(1, allowed()), night(2, undefined)])?.text).toBe('inconclusive — not run tonight')
    const open = verdictOf([night(1, allowed()), night(2, deniedBy('logs:TagResource')), night(3, undefined)])
    expect(open?.status).toBe('regression')
    expect(open?.text).toMatch(
      /^1 regression still denied since .* — add logs:TagResource.* \(not run tonight: not known fixed\)$/,
    )
  })
})

describe('region verdict of a denial the declared policy now grants (QA)', () => {
  it('says the steps were fixed by the policy change, not only "relaxation"', () => {
    const repo = 'arn:aws:ecr:eu-west-1:210987654321:repository/r'
    const policy = (...actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
    })
    const baseline = makeRun(
      '2026-11-01T09-00-00Z-abc001',
      '2026-11-01T09:00:00.000Z',
      [['ecr/repo', 'CreateRepository', 'eu-west-1', deniedBy('ecr:TagResource', repo)]],
      { policy: policy('ecr:CreateRepository'), policyHash: 'sha256:before' },
    )
    const current = makeRun(
      '2026-11-02T09-00-00Z-abc002',
      '2026-11-02T09:00:00.000Z',
      [['ecr/repo', 'CreateRepository', 'eu-west-1', allowed()]],
      { policy: policy('ecr:CreateRepository', 'ecr:TagResource'), policyHash: 'sha256:after' },
    )
    const [verdict] = regionVerdicts(diffRuns(baseline, current, [baseline, current], {}))
    expect(verdict?.text).toBe('1 step fixed by the policy change — now allowed: ecr/repo / CreateRepository')
    expect(verdict?.status).toBe('relaxation')
  })
})

describe('a regression the declared policy now grants, not yet confirmed in a fresh account (QA)', () => {
  it('says the fix is in and what keeps it open, never "add" it again, in the verdict and the card', () => {
    const repo = 'arn:aws:ecr:eu-west-1:210987654321:repository/r'
    const policy = (...actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ecr', Effect: 'Allow', Action: actions, Resource: 'arn:aws:ecr:*:*:repository/*' }],
    })
    const step = (outcome: Outcome): Array<[string, string, string, Outcome]> => [
      ['ecr/repo', 'CreateRepository', 'eu-west-1', outcome],
    ]
    const allowedRun = makeRun('2026-11-01T09-00-00Z-abc001', '2026-11-01T09:00:00.000Z', [...step(allowed())])
    const deniedRun = makeRun(
      '2026-11-02T09-00-00Z-abc002',
      '2026-11-02T09:00:00.000Z',
      [...step(deniedBy('ecr:TagResource', repo))],
      { policy: policy('ecr:CreateRepository') },
    )
    const fixedIn = makeRun(
      '2026-11-03T09-00-00Z-abc003',
      '2026-11-03T09:00:00.000Z',
      [...step(failed('throttled', 'ThrottlingException'))],
      { policy: policy('ecr:CreateRepository', 'ecr:TagResource') },
    )
    const report = diffRuns(deniedRun, fixedIn, [allowedRun, deniedRun, fixedIn], {})
    const [verdict] = regionVerdicts(report)
    expect(verdict?.text).toContain(
      'ecr:TagResource now granted by the declared policy, open until a fresh account allows it',
    )
    expect(verdict?.text).not.toContain('add ecr:TagResource')
    // Throttled tonight: still open, but not seen denied again (QA: "still denied" read as seen denied).
    expect(verdict?.text).toContain('(not seen denied tonight, inconclusive or in a seasoned account: not known fixed)')
    const md = renderDriftMarkdown(report, fixedIn, deniedRun)
    expect(md).toContain('- Fix: none to make: the declared policy now grants it')
    expect(md).toContain('- Asked for (now granted): `ecr:TagResource`')
    expect(md).not.toContain('```json')
    // Review: the dashboard's drill-down said "Fix amends" and showed a statement to paste.
    const change = report.changes[0]!
    const drill = drillDown(
      { id: 'c', region: 'eu-west-1', key: stepKey(change), freshness: 'fresh' } as never,
      change,
      fixedIn,
      fixedIn.results[0],
      undefined,
      [],
      new Map(),
    )
    expect(drill.statement).toBeUndefined()
    expect(drill.rows.map(([name]) => name)).not.toContain('Fix amends')
  })
})
