/** The plan as text for people (`harness plan`); `--json` prints the RunPlan itself. Pure. */
import type { AccountRef, RunPlan } from './types.js'

export const accountName = (ref: AccountRef): string =>
  ref.kind === 'pooled' ? ref.accountId : `${ref.label} (to vend)`

export function formatPlan(plan: RunPlan): string {
  const lines: string[] = []
  lines.push(`Freshness budget: ${plan.budget.explanation}.`)
  lines.push('')
  lines.push(`Vend:   ${plan.vend.length === 0 ? 'none' : plan.vend.join(', ')}`)
  lines.push(`Reuse:  ${plan.reuse.length === 0 ? 'none' : plan.reuse.join(', ')}`)
  lines.push(`Retire: ${plan.retire.length === 0 ? 'none' : plan.retire.join(', ')}`)
  if (plan.retireLater.length > 0)
    lines.push(`Retire later (close quota spent this 30-day window): ${plan.retireLater.join(', ')}`)
  if (plan.idle.length > 0)
    lines.push(
      `Idle:   ${plan.idle.join(', ')} (kept: nothing to run tonight, still fresh for a later night; each holds an account slot)`,
    )
  lines.push('')
  lines.push('Accounts:')
  for (const account of plan.accounts) {
    lines.push(`  ${accountName(account.account)}  ${account.role}  regions: ${account.regions.join(', ')}`)
    for (const a of plan.assignments.filter((x) => sameAccount(x.account, account.account)))
      lines.push(`    ${a.fresh ? 'fresh   ' : 'seasoned'} ${a.scenario} @ ${a.region}`)
  }
  if (plan.accounts.length === 0) lines.push('  none: nothing can run tonight')
  lines.push('')
  lines.push('Last tested fresh (oldest scenario) per region:')
  for (const [region, last] of Object.entries(plan.lastFreshByRegion))
    lines.push(`  ${region}: ${last ? last.slice(0, 10) : 'never (at least one scenario)'}`)
  const promise = plan.budget.promised ?? plan.budget.wanted
  const gaps = plan.gaps.filter((gap) => gap.reason === 'no-slot' || (gap.nightsSince ?? 0) >= promise)
  lines.push('')
  lines.push(
    `Not fresh tonight: ${plan.gaps.length} pair(s); ${gaps.length} at or past the budget of ${promise} night(s)`,
  )
  for (const gap of plan.gaps) {
    const last = gap.lastFresh
      ? `last fresh ${gap.lastFresh.slice(0, 10)} (${gap.nightsSince} night(s) ago)`
      : 'never tested fresh'
    lines.push(
      `  ${gap.scenario} @ ${gap.region}: ${last}; ${gap.reason === 'no-slot' ? 'NO FREE ACCOUNT SLOT' : 'rotation'}`,
    )
  }
  return lines.join('\n')
}

function sameAccount(a: AccountRef, b: AccountRef): boolean {
  return a.kind === 'pooled'
    ? b.kind === 'pooled' && a.accountId === b.accountId
    : b.kind === 'new' && a.label === b.label
}
