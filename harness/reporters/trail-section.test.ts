/** The CloudTrail capture in drift.md and report.html: each denied call with its parse. */
import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import { renderHtmlReport } from './html-report.js'
import { currentRun, regressionReport } from './report-fixtures.js'

const withTrail: RunRecord = {
  ...currentRun,
  trail: {
    regions: ['ca-central-1'],
    since: '2023-01-20T09:00:00.000Z',
    problems: ['us-west-2: LookupEvents failed: ThrottlingException: Rate exceeded'],
    denials: [
      {
        eventName: 'GetParameters',
        eventSource: 'ssm.amazonaws.com',
        region: 'ca-central-1',
        errorCode: 'AccessDeniedException',
        invokedBy: 'ec2.amazonaws.com',
        message: 'User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: ssm:GetParameters',
        denied: { action: 'ssm:GetParameters', resource: 'arn:aws:ssm:ca-central-1::parameter/aws/service/x' },
      },
    ],
  },
}

describe('CloudTrail capture in the reports', () => {
  it('drift.md lists each denied call, who made it, what it needs, and regions it could not read', () => {
    const markdown = renderDriftMarkdown(regressionReport, withTrail, null)
    expect(markdown).toContain('## Denied calls in CloudTrail')
    expect(markdown).toContain(
      "- ssm.amazonaws.com GetParameters in ca-central-1: AccessDeniedException, called by ec2.amazonaws.com on the run's behalf: needs ssm:GetParameters on arn:aws:ssm:ca-central-1::parameter/aws/service/x",
    )
    expect(markdown).toContain('- Not read: us-west-2: LookupEvents failed: ThrottlingException: Rate exceeded')
  })

  it('report.html has the same list; a run without a capture has no section', () => {
    const html = renderHtmlReport(regressionReport, withTrail, null)
    expect(html).toContain('<h2 id="cloudtrail">Denied calls in CloudTrail</h2>')
    expect(html).toContain('needs ssm:GetParameters')
    expect(renderHtmlReport(regressionReport, currentRun, null)).not.toContain('id="cloudtrail"')
    expect(renderDriftMarkdown(regressionReport, currentRun, null)).not.toContain('Denied calls in CloudTrail')
  })
})
