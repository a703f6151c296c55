import { describe, expect, it } from 'vitest'
import { deniedBy } from '../history/run-fixtures.js'
import type { RunRecord } from '../history/types.js'
import { generateHistory, REGIONS_34, reportForLatest, STEPS } from './dashboard/test-histories.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import { MARKDOWN_BYTE_BUDGET } from './markdown-budget.js'

const GITHUB_SUMMARY_LIMIT = 1024 * 1024
const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/** The 90 nights' drift.md, rendered once for the two tests that read it. */
let ninetyNights: string | undefined
function ninetyNightsMarkdown(): string {
  if (ninetyNights) return ninetyNights
  const history = generateHistory({ runs: 90 })
  ninetyNights = renderDriftMarkdown(reportForLatest(history), history.at(-1)!, history.at(-2)!)
  return ninetyNights
}

describe('drift.md as the compact twin of the dashboard', () => {
  it('Given 90 nights with 3 regions still denied, Then regressions come first and 31 clean regions are one line', () => {
    const md = ninetyNightsMarkdown()
    const verdicts = md.split('\n').filter((line) => line.startsWith('- **'))
    expect(verdicts.slice(0, 3).map((line) => line.slice(0, line.indexOf(':')))).toEqual([
      '- **ap-east-1**',
      '- **eu-west-1**',
      '- **us-east-1**',
    ])
    expect(verdicts).toHaveLength(4)
    expect(verdicts[3]).toMatch(/^- \*\*31 regions: no drift\*\*: af-south-1, ap-east-2, /)
    expect(md.match(/^## /gm)).toHaveLength(4) // "Verdict by region" and the three regions with findings
  })

  it('suggests amending the declared statement that covers the denied resource, never a wider one', () => {
    const md = ninetyNightsMarkdown()
    const section = md.slice(md.indexOf('## eu-west-1'))
    expect(section).toContain(
      '- Fix: add ecr:TagResource to the declared statement Sid "EcrCreateTaggedRepository" (same resource scope), or add this equivalent statement:',
    )
    const json = /```json\n([\s\S]*?)\n\s*```/.exec(section)?.[1]
    expect(JSON.parse(json ?? 'null').Resource).toBe('arn:aws:ecr:*:*:repository/harness-repo-*')
  })

  it('stays under GitHub’s 1 MiB summary limit at a year of history', () => {
    const history = generateHistory({ runs: 365 })
    const md = renderDriftMarkdown(reportForLatest(history), history.at(-1)!, history.at(-2)!)
    expect(bytes(md)).toBeLessThan(GITHUB_SUMMARY_LIMIT)
  })

  it('Given every step of 34 regions denied with long messages, Then it cuts region sections and names them', () => {
    // A worst case: 680 denials, each with a 2 KB message, would be ~2 MB in full.
    const [template] = generateHistory({ runs: 1 })
    const current: RunRecord = structuredClone(template!)
    const long = ' and a long explanation'.repeat(90) // words, not a base64-shaped run that redaction would cut
    current.results = current.results.map((r) => {
      const outcome = deniedBy(`${r.scenario.split('/')[0]}:${r.step}`, `arn:aws:s3:::bucket-${r.region}`)
      if (outcome.kind === 'denied') outcome.message += ` ${long}`
      return { ...r, outcome }
    })
    const md = renderDriftMarkdown(reportForLatest([current]), current, null)
    expect(bytes(md)).toBeLessThanOrEqual(MARKDOWN_BYTE_BUDGET)
    expect(md).toMatch(/> \d+ more region section\(s\) left out to stay under GitHub's 1 MiB summary limit: /)
    // Every region still has its verdict line, even when its section is left out
    for (const region of REGIONS_34) expect(md).toContain(`- **${region}**: ${STEPS.length} open denials`)
  })
})
