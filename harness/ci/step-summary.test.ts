/** The job summary: clean regions collapsed to their verdict line, always under the size limit. */
import { describe, expect, it } from 'vitest'
import { renderDriftMarkdown } from '../reporters/drift-markdown.js'
import { regionVerdicts } from '../reporters/region-verdict.js'
import { baselineRun, currentRun, regressionReport } from '../reporters/report-fixtures.js'
import { renderStepSummary } from './step-summary.js'

const markdown = renderDriftMarkdown(regressionReport, currentRun, baselineRun)
const regions = regionVerdicts(regressionReport).map(({ region, status }) => ({ region, status }))

describe('renderStepSummary', () => {
  it('Given a clean region, Then its section is left out but its verdict line stays', () => {
    expect(markdown).toMatch(/^## ap-east-1$/m)
    const summary = renderStepSummary(markdown, regions)
    expect(summary).not.toMatch(/^## ap-east-1$/m)
    expect(summary).toMatch(/- \*\*ap-east-1\*\*: no drift/)
    expect(summary).toMatch(/^## ca-central-1$/m)
    expect(summary).toMatch(/1 region\(s\) with nothing to look at/)
  })

  it('Given a report larger than the limit, Then the summary fits and says where the rest is', () => {
    const many = Array.from({ length: 400 }, (_, i) => `## r-${i}\n\n${'x'.repeat(4000)}\n\n`).join('')
    const huge = `# Permission drift report\n\n## Verdict by region\n\n- lines\n\n${many}`
    const statuses = Array.from({ length: 400 }, (_, i) => ({ region: `r-${i}`, status: 'regression' }))
    const summary = renderStepSummary(huge, statuses, 1_000_000)
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1_000_000)
    expect(summary).toMatch(/more region section\(s\) cut to stay under GitHub's 1 MiB summary limit/)
    expect(summary).toMatch(/^## r-0$/m)
  })
})
