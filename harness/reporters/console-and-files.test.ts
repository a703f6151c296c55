import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { renderConsoleSummary } from './console-summary.js'
import { writeDriftJson } from './drift-json.js'
import { renderJunit, writeJunit } from './junit.js'
import { firstRunReport, regressionReport } from './report-fixtures.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-reports-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('renderConsoleSummary', () => {
  it('prints a headline and one line per region, without ANSI when colour is off', () => {
    const text = renderConsoleSummary(regressionReport, { color: false })
    expect(text).toBe(
      [
        'Drift vs baseline 2022-11-01T09-00-00Z-aaa111: 2 regressions, 2 inconclusive',
        '  ✗ ca-central-1: 2 regressions — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup) — cause: aws-change',
        '  ? me-south-1: inconclusive — region not ready',
        '  ✓ ap-east-1: no drift (3 steps allowed)',
        'Verdict: findings (exit 1) — 2 open regressions; 1 scenario recorded no step (ec2/run-tagged-instance @ me-south-1); no conclusive step in me-south-1',
        '',
      ].join('\n'),
    )
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting no ANSI escape appears
    expect(text).not.toMatch(/\u001b\[/)
  })

  it('colours regressions red when colour is on', () => {
    const text = renderConsoleSummary(regressionReport, { color: true })
    expect(text).toContain('\u001b[31m2 regressions\u001b[39m')
  })

  it('says a first run has no baseline', () => {
    expect(renderConsoleSummary(firstRunReport, { color: false }).split('\n')[0]).toBe(
      'No baseline: this is the first comparable run (8 steps recorded).',
    )
  })
})

describe('writeDriftJson', () => {
  it('writes baselineRunId, currentRunId and changes with region, scenario, step, change, from, to', async () => {
    const path = await writeDriftJson(dir, regressionReport)
    expect(path).toBe(join(dir, 'drift.json'))
    const json = JSON.parse(await readFile(path, 'utf8'))
    expect(json).toMatchObject({
      baselineRunId: '2022-11-01T09-00-00Z-aaa111',
      currentRunId: '2023-01-20T09-00-00Z-bbb222',
      firstRun: false,
      summary: { regressions: 2, inconclusive: 2 },
    })
    const ecr = json.changes.find(
      (c: { scenario: string; region: string }) =>
        c.scenario === 'ecr/create-tagged-repository' && c.region === 'ca-central-1',
    )
    expect(ecr).toMatchObject({
      step: 'CreateRepository',
      change: 'regression',
      from: { kind: 'allowed' },
      to: { kind: 'denied', errorName: 'AccessDeniedException', denied: { action: 'ecr:TagResource' } },
      missingAction: 'ecr:TagResource',
    })
    expect(json.regions[0]).toEqual({
      region: 'ca-central-1',
      status: 'regression',
      verdict: '2 regressions — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup) — cause: aws-change',
    })
  })
})

describe('JUnit XML', () => {
  it('has one testcase per scenario/step@region and fails only the regressions', async () => {
    const xml = await readFile(await writeJunit(dir, regressionReport), 'utf8')
    expect(xml.match(/<testcase /g)).toHaveLength(8)
    expect(xml).toContain(
      '<testsuites name="harness drift 2023-01-20T09-00-00Z-bbb222" tests="8" failures="2" errors="0">',
    )
    expect(xml).toContain('<testsuite name="ca-central-1" tests="3" failures="2" errors="0" skipped="0">')
    expect(xml).toContain('<testsuite name="me-south-1" tests="2" failures="0" errors="0" skipped="2">')
    expect(xml.match(/<failure /g)).toHaveLength(2)
    expect(xml).toContain(
      '<testcase classname="ecr/create-tagged-repository" name="CreateRepository@ca-central-1" time="0.080">',
    )
    expect(xml).toContain('message="regression: now denied; add ecr:TagResource (cause: aws-change — ')
  })

  it('escapes XML special characters', () => {
    const report = structuredClone(regressionReport)
    report.changes[0]!.step = 'Create <"tagged"> & co'
    const xml = renderJunit(report)
    expect(xml).toContain('name="Create &lt;&quot;tagged&quot;&gt; &amp; co@')
  })
})
