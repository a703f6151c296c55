import { describe, expect, it } from 'vitest'
import { renderDriftMarkdown } from './drift-markdown.js'
import {
  baselineRun,
  currentRun,
  firstRunReport,
  normalizeReport,
  regressionReport,
  stillDeniedReport,
  stillDeniedRun,
} from './report-fixtures.js'

describe('renderDriftMarkdown', () => {
  const md = renderDriftMarkdown(regressionReport, currentRun, baselineRun)

  it('puts a verdict line per region, regressions first', () => {
    const verdicts = md
      .split('\n')
      .filter((line) => line.startsWith('- **'))
      .map((line) => line.replace(/\*\*/g, ''))
    expect(verdicts).toEqual([
      '- ca-central-1: 2 regressions — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup) — cause: aws-change',
      '- me-south-1: inconclusive — region not ready',
      '- ap-east-1: no drift (3 steps allowed)',
    ])
  })

  it('names run ids, dates and target in the title block', () => {
    expect(md).toContain('# Permission drift report — run 2023-01-20T09-00-00Z-bbb222')
    expect(md).toContain('this is the latest): `2022-11-01T09-00-00Z-aaa111` started 2022-11-01 09:00:00 UTC')
    expect(md).toContain('Target: local (harness emulator)')
    // --target aws whose calls AWS_ENDPOINT_URL sent elsewhere is not called real AWS (QA).
    const elsewhere = { ...currentRun, target: 'aws' as const, endpoint: 'http://127.0.0.1:4577' }
    expect(renderDriftMarkdown(regressionReport, elsewhere, baselineRun)).toContain(
      '- Target: aws at http://127.0.0.1:4577 (AWS_ENDPOINT_URL)',
    )
    const proxy = { ...currentRun, target: 'aws' as const, endpoint: 'https://user:s3cret@proxy.example:8443' }
    expect(renderDriftMarkdown(regressionReport, proxy, baselineRun)).toContain(
      '- Target: aws at https://proxy.example:8443 (AWS_ENDPOINT_URL)',
    )
    const aws = { ...currentRun, target: 'aws' as const, endpoint: 'aws' }
    expect(renderDriftMarkdown(regressionReport, aws, baselineRun)).toContain('- Target: aws (real AWS organization)')
  })

  it('gives each regression the permission, reason, raw message, since and a statement that parses as JSON', () => {
    const section = md.slice(md.indexOf('### Regression: ecr/create-tagged-repository'))
    expect(section).toContain('AWS now asks for: `ecr:TagResource`')
    expect(section).toContain('Reason: no identity-based policy allows')
    expect(section).toContain('is not authorized to perform: ecr:TagResource')
    expect(section).toContain('Since: 2023-01-20 09:00:00 UTC (first seen in this run)')
    const json = /```json\n([\s\S]*?)\n\s*```/.exec(section)?.[1]
    expect(JSON.parse(json ?? 'null')).toEqual({
      Effect: 'Allow',
      Action: ['ecr:TagResource'],
      Resource: 'arn:aws:ecr:*:*:repository/harness-repo-k3j9',
    })
    expect(md.indexOf('## ca-central-1')).toBeLessThan(md.indexOf('## ap-east-1'))
  })

  it('says a first run has no baseline', () => {
    const first = renderDriftMarkdown(firstRunReport, baselineRun, null)
    expect(first).toContain('No baseline: this is the first comparable run')
    // Every region of the first run allowed every step: folded into one line, no per-region section
    expect(first).toContain('- **3 regions: first run, every step allowed**: ap-east-1, ca-central-1, me-south-1')
    expect(first).not.toContain('## ap-east-1')
  })

  it('calls regions new to a later run "new here", not "first run" (review)', () => {
    const later = { ...firstRunReport, earlierRuns: { count: 2, latestRunId: '2022-10-01T09-00-00Z-000001' } }
    const md = renderDriftMarkdown(later, baselineRun, null)
    expect(md).toContain('No baseline: none of the 2 earlier comparable runs (latest 2022-10-01T09-00-00Z-000001)')
    expect(md).toContain('- **3 regions: new here, every step allowed**: ap-east-1, ca-central-1, me-south-1')
    expect(md).not.toContain('first run')
  })

  it('matches the reviewed snapshot (normalized)', async () => {
    await expect(normalizeReport(md)).toMatchFileSnapshot('./__snapshots__/drift-regression.md.snap')
  })

  it('matches the reviewed snapshot of a run whose regressions are still denied (normalized)', async () => {
    const still = renderDriftMarkdown(stillDeniedReport, stillDeniedRun, currentRun)
    await expect(normalizeReport(still)).toMatchFileSnapshot('./__snapshots__/drift-still-denied.md.snap')
  })
})
