/** drift.md, report.html and drift.json name the same dated AWS change behind an aws-change denial (QA). */
import { expect, it } from 'vitest'
import { renderDriftJson } from './drift-json.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import { renderHtmlReport } from './html-report.js'
import { baselineRun, currentRun, regressionReport } from './report-fixtures.js'

// The fixtures' run is dated 2023-01-20 (emulated): both 2022 changes had reached ca-central-1 by then.
const ECR_CHANGE = {
  id: 'aws-2022-ecr-create-repository-tag-on-create',
  reachedRegionOn: '2022-12-21',
}

it('every report names the known AWS change of an aws-change regression, with the day it reached the region', () => {
  const ecr = regressionReport.changes.find(
    (c) => c.scenario === 'ecr/create-tagged-repository' && c.region === 'ca-central-1',
  )
  expect(ecr?.cause).toBe('aws-change')
  const json = JSON.parse(renderDriftJson(regressionReport, currentRun))
  const known = json.changes.find(
    (c: { step: string; region: string }) => c.step === ecr?.step && c.region === 'ca-central-1',
  )
  expect(known.knownAwsChange).toMatchObject(ECR_CHANGE)
  const text = `${known.knownAwsChange.title} (reached ca-central-1 on 2022-12-21`
  expect(renderDriftMarkdown(regressionReport, currentRun, baselineRun)).toContain(`- Known AWS change: ${text}`)
  const html = renderHtmlReport(regressionReport, currentRun, baselineRun)
  expect(html).toContain(`<dt>Known AWS change</dt><dd>${text.replaceAll("'", '&#39;')}`)
  // Only denials attributed to AWS carry one.
  const others = json.changes.filter((c: { cause?: string }) => c.cause !== 'aws-change')
  expect(others.length).toBeGreaterThan(0)
  expect(others.every((c: { knownAwsChange?: unknown }) => c.knownAwsChange === undefined)).toBe(true)
})
