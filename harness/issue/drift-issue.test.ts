/** The tracking issue across simulated nights (pure): opened, left alone, updated, closed, reopened. */
import { describe, expect, it } from 'vitest'
import { fixedReport, mixedReport, regressionReport, stillDeniedReport } from '../reporters/report-fixtures.js'
import { type CurrentIssue, fingerprintIn, ISSUE_TITLE, type IssuePlan, planIssue } from './drift-issue.js'

/** What `gh` does with a plan, so the next night sees the issue as GitHub would hold it. */
function applyPlan(plan: IssuePlan, issue: CurrentIssue | undefined): CurrentIssue | undefined {
  if (plan.action === 'open') return { number: 7, state: 'open', body: plan.body ?? '' }
  if (!issue) return issue
  if (plan.action === 'update' || plan.action === 'reopen') return { ...issue, state: 'open', body: plan.body ?? '' }
  if (plan.action === 'close') return { ...issue, state: 'closed' }
  return issue
}

describe('the drift issue over nights', () => {
  it('Given a regression, then the same regression, then one more, then the fix, then it comes back: open, none, update, close, reopen', () => {
    const night1 = planIssue(regressionReport, undefined)
    expect(night1).toMatchObject({ action: 'open', title: ISSUE_TITLE })
    expect(night1.body).toMatch(
      /^<!-- harness-drift-issue fingerprint=[0-9a-f]{16} run=2023-01-20T09-00-00Z-bbb222 -->/,
    )
    expect(night1.body).toMatch(
      /\| ecr\/create-tagged-repository \/ CreateRepository \| ca-central-1 \| regression \| ecr:TagResource \|/,
    )
    let issue = applyPlan(night1, undefined)

    const night2 = planIssue(stillDeniedReport, issue)
    expect(night2).toMatchObject({
      action: 'none',
      number: 7,
      reason: 'the drift has not changed since the issue was written',
    })
    issue = applyPlan(night2, issue)

    const night3 = planIssue(mixedReport, issue)
    expect(night3).toMatchObject({ action: 'update', number: 7 })
    expect(night3.body).toMatch(/ec2:CreateTags/)
    expect(fingerprintIn(night3.body ?? '')).not.toBe(fingerprintIn(issue?.body ?? ''))
    issue = applyPlan(night3, issue)

    const night4 = planIssue(fixedReport, issue)
    expect(night4).toMatchObject({ action: 'close', number: 7 })
    expect(night4.body).toMatch(/the drift cleared/)
    issue = applyPlan(night4, issue)

    expect(planIssue(fixedReport, issue)).toMatchObject({ action: 'none' })
    expect(planIssue(regressionReport, issue)).toMatchObject({ action: 'reopen', number: 7 })
  })

  it('Given an incomplete night with no finding, Then the open issue stays open', () => {
    const issue = applyPlan(planIssue(regressionReport, undefined), undefined)
    const incomplete = {
      ...fixedReport,
      verdict: { code: 4 as const, reasons: ['no conclusive step in ca-central-1'] },
    }
    expect(planIssue(incomplete, issue)).toMatchObject({ action: 'none', reason: expect.stringMatching(/incomplete/) })
  })

  it('Given nothing found and no issue, Then nothing to do', () => {
    expect(planIssue(fixedReport, undefined)).toMatchObject({ action: 'none', fingerprint: null })
  })
})
