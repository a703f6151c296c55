/**
 * Pool runs in every report: Given a run with one fresh and one seasoned step, Then drift.md,
 * report.html, drift.json, junit.xml and the console all show the seasoned step as NOT fresh, in
 * which account, and per region when it was last tested fresh (from history).
 */
import { describe, expect, it } from 'vitest'
import { selectStepBaselines } from '../history/baseline.js'
import { diffSteps } from '../history/diff.js'
import { allowed, deniedBy, makeRun } from '../history/run-fixtures.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { renderConsoleSummary } from './console-summary.js'
import { renderDriftJson } from './drift-json.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import { renderHtmlReport } from './html-report.js'
import { renderJunit } from './junit.js'

const LOGS = 'logs/create-tagged-log-group'
const FRESH_ACCOUNT = '111111111111'
const SEASONED_ACCOUNT = '222222222222'

function step(region: string, outcome: StepResult['outcome'], at: string, seasoned: boolean): StepResult {
  return {
    scenario: LOGS,
    step: 'CreateLogGroup',
    region,
    outcome,
    startedAt: at,
    finishedAt: at,
    accountId: seasoned ? SEASONED_ACCOUNT : FRESH_ACCOUNT,
    freshness: seasoned ? 'seasoned' : 'fresh',
    ...(seasoned
      ? { notFresh: `seasoned: account ${SEASONED_ACCOUNT} has used this scenario's operations before` }
      : {}),
  }
}

function poolRun(runId: string, at: string, results: StepResult[]): RunRecord {
  return makeRun(runId, at, [], {
    strategy: 'pool',
    account: { id: FRESH_ACCOUNT, createdAt: at, fresh: false },
    regions: [{ name: 'us-east-1' }, { name: 'eu-west-1' }],
    scenarios: [LOGS],
    results,
    poolAccounts: [
      { id: FRESH_ACCOUNT, createdAt: at, vended: false, role: 'fresh', regions: ['us-east-1'] },
      { id: SEASONED_ACCOUNT, createdAt: at, vended: false, role: 'seasoned', regions: ['eu-west-1'] },
    ],
    plan: {
      vended: [],
      reused: [FRESH_ACCOUNT, SEASONED_ACCOUNT],
      retired: [],
      retireLater: [],
      gaps: [{ scenario: LOGS, region: 'eu-west-1', reason: 'rotation', lastFresh: '2026-11-01T00:00:00.000Z' }],
      budget: { wanted: 15, achievable: 15, ok: true, explanation: '8 pool slot(s)' },
      lastFreshByRegion: { 'us-east-1': null, 'eu-west-1': '2026-11-01T00:00:00.000Z' },
    },
  })
}

describe('freshness in the reports', () => {
  const earlier = poolRun('n1', '2026-11-01T00:00:00.000Z', [
    step('us-east-1', allowed(), '2026-11-01T00:00:00.000Z', true),
    step('eu-west-1', allowed(), '2026-11-01T00:00:00.000Z', false),
  ])
  const current = poolRun('n2', '2026-11-02T00:00:00.000Z', [
    step('us-east-1', allowed(), '2026-11-02T00:00:00.000Z', false),
    step('eu-west-1', deniedBy('logs:TagResource'), '2026-11-02T00:00:00.000Z', true),
  ])
  const { baselines, comparable } = selectStepBaselines(current, [earlier])
  const report = diffSteps(baselines, current, [...comparable, current], { generatedAt: '2026-11-02T01:00:00.000Z' })

  it('the report knows which step ran seasoned and when each region was last tested fresh', () => {
    expect(report.freshness).toEqual({
      strategy: 'pool',
      freshSteps: 1,
      seasonedSteps: 1,
      lastFreshByRegion: { 'us-east-1': '2026-11-02T00:00:00.000Z', 'eu-west-1': '2026-11-01T00:00:00.000Z' },
    })
    // No seasoned baseline yet: the fresh night's allowed outcome stands in, and the change says so.
    expect(report.changes.find((c) => c.region === 'eu-west-1')).toMatchObject({
      change: 'regression',
      freshness: 'seasoned',
      accountId: SEASONED_ACCOUNT,
      baselineFreshness: 'fresh',
    })
  })

  it('console, drift.md, report.html, drift.json and junit.xml say NOT fresh and the last fresh test per region', () => {
    const consoleText = renderConsoleSummary(report, { color: false })
    expect(consoleText).toContain('1 step ran NOT fresh')
    expect(consoleText).toContain('last tested fresh: us-east-1 2026-11-02, eu-west-1 2026-11-01')
    expect(consoleText).toMatch(/eu-west-1: .*regression.* \[NOT fresh\]/)
    expect(consoleText).not.toMatch(/us-east-1: .*\[NOT fresh\]/)

    const markdown = renderDriftMarkdown(report, current, earlier)
    expect(markdown).toContain('## Freshness')
    expect(markdown).toContain('| eu-west-1 | 2026-11-01 |')
    expect(markdown).toContain(
      `- Ran: NOT fresh (seasoned in ${SEASONED_ACCOUNT}): seasoned: account ${SEASONED_ACCOUNT} has used this scenario's operations before (its baseline ran fresh: none of its own freshness yet)`,
    )
    expect(markdown).toContain(`pool accounts ${FRESH_ACCOUNT} (fresh), ${SEASONED_ACCOUNT} (seasoned)`)

    const html = renderHtmlReport(report, current, earlier)
    expect(html).toContain('<h2 id="freshness">Freshness</h2>')
    expect(html).toContain('NOT FRESH (seasoned account)')
    expect(html).toContain('<th scope="row">eu-west-1</th><td>2026-11-01</td>')

    const json = JSON.parse(renderDriftJson(report))
    expect(json.freshness.lastFreshByRegion['eu-west-1']).toBe('2026-11-01T00:00:00.000Z')
    expect(json.changes.find((c: { region: string }) => c.region === 'eu-west-1').freshness).toBe('seasoned')

    const junit = renderJunit(report)
    expect(junit).toContain('<property name="freshness" value="NOT fresh (seasoned)" />')
    expect(junit).toContain(`<property name="account" value="${SEASONED_ACCOUNT}" />`)
  })
})
