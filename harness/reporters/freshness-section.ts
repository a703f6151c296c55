/**
 * Freshness in every report: which steps ran seasoned (in an account that had already used their
 * operations in the region, so a change AWS rolls out only to new accounts cannot show there), where
 * each step ran, and per region when it was last tested fresh. Shown when the report carries a
 * freshness summary (pool runs, or any step that ran seasoned). Plain text lines; renderers wrap them.
 */
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'
import { plural } from './region-verdict.js'

/** `seasoned` / `fresh`, with the account when the record names it; undefined when nothing was recorded. */
export function freshnessLabel(change: Pick<DriftChange, 'freshness' | 'accountId'>): string | undefined {
  if (!change.freshness) return undefined
  return `${change.freshness}${change.accountId ? ` in ${change.accountId}` : ''}`
}

/** The one-line headline: how many steps ran seasoned, and what that means for the verdict. */
export function freshnessHeadline(report: DriftReport): string | undefined {
  const f = report.freshness
  if (!f) return undefined
  if (f.seasonedSteps === 0) return `Freshness: all ${plural(f.freshSteps, 'step')} ran in accounts fresh for them.`
  return `Freshness: ${plural(f.seasonedSteps, 'step')} ran NOT fresh (seasoned: the account had used the operations there; changes AWS rolls out only to new accounts cannot show in them), ${f.freshSteps} fresh.`
}

/** `us-east-1 2026-06-01, ca-central-1 never`. */
export function lastFreshText(report: DriftReport): string | undefined {
  const byRegion = report.freshness?.lastFreshByRegion
  if (!byRegion || Object.keys(byRegion).length === 0) return undefined
  return Object.entries(byRegion)
    .map(([region, at]) => `${region} ${at ? at.slice(0, 10) : 'never'}`)
    .join(', ')
}

export function seasonedChanges(report: DriftReport): DriftChange[] {
  return report.changes.filter((change) => change.freshness === 'seasoned')
}

export function freshnessMarkdown(report: DriftReport, current: RunRecord): string[] {
  const headline = freshnessHeadline(report)
  if (!headline) return []
  const lines = ['## Freshness', '', headline, '']
  const byRegion = report.freshness?.lastFreshByRegion ?? {}
  lines.push('| Region | Last tested fresh (oldest scenario) |', '| --- | --- |')
  for (const [region, at] of Object.entries(byRegion)) lines.push(`| ${region} | ${at ? at.slice(0, 10) : 'never'} |`)
  lines.push('')
  for (const change of seasonedChanges(report))
    lines.push(`- Not fresh: ${change.scenario} / ${change.step} @ ${change.region}: ${change.notFresh ?? 'seasoned'}`)
  const plan = current.plan
  if (plan) {
    lines.push('', `Pool plan: ${plan.budget.explanation}.`)
    lines.push(
      `Vended ${plan.vended.join(', ') || 'none'}; reused ${plan.reused.join(', ') || 'none'}; retired ${plan.retired.map((r) => `${r.accountId} (${r.status})`).join(', ') || 'none'}.`,
    )
    for (const found of plan.foundUsed ?? [])
      lines.push(`- Account ${found.accountId} was found already used (CloudTrail): ${found.keys.join(', ')}`)
  }
  lines.push('')
  return lines
}
