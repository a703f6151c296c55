/** The "Fix" section: one merged patch as a JSON diff, the fixed policy to download, and verified fixes. */
import type { PolicyPatch } from '../../history/policy-patch.js'
import type { FixVerification } from '../../history/types.js'
import { verifyFixHeadline } from '../follow-up-section.js'
import { esc } from './html.js'
import type { DashboardModel } from './model.js'
import { day } from './nights.js'

export function renderFix(model: DashboardModel): string {
  const { fix } = model
  const parts = [
    `<section id="fix" class="fix" aria-labelledby="fix-h">`,
    `<h2 id="fix-h">Fix: one patch for every open denial</h2>`,
  ]
  if (fix.open === 0) parts.push('<p>No open denial: nothing to patch.</p>')
  else parts.push(patchHtml(model))
  parts.push(verifiedHtml(model))
  parts.push('</section>')
  return parts.join('\n')
}

/** A tag-on-create statement lists several types, which one declared statement may cover in part. */
function uncovered(resource: unknown): string {
  const list = [resource].flat().map(String)
  const code = `<code>${esc(list.join(', '))}</code>`
  return list.length > 1 ? `no declared statement covers all of ${code}` : `no declared statement covers ${code}`
}

function patchHtml(model: DashboardModel): string {
  const { fix } = model
  const { patch } = fix
  const summary = [
    ...patch.amendments.map(
      (a) =>
        `<li>Amend ${esc(a.statement)}: add <code>${esc(a.addedActions.join(', '))}</code> (same resource scope) — fixes ${a.fixes.length} denial${a.fixes.length === 1 ? '' : 's'}: ${esc(shortList(a.fixes))}</li>`,
    ),
    ...patch.additions.map(
      (a) =>
        `<li>Add statement <code>${esc(String(a.statement.Sid))}</code> (${uncovered(a.statement.Resource)}) — fixes ${a.fixes.length}: ${esc(shortList(a.fixes))}</li>`,
    ),
    ...patch.notPatched.map((n) => `<li>Not patched: ${esc(n.where)} — ${esc(n.why)}</li>`),
    ...patch.toNarrow.map(
      (n) =>
        `<li>Narrow by hand: ${esc(n.deny)} denies ${esc(n.where)} — the Allow above is needed too, and harness does not edit Deny statements</li>`,
    ),
  ]
  const known = fix.policyKnown
    ? ''
    : '<p class="muted">This run did not store its declared policy (an older record): the patch below starts from an empty policy.</p>'
  const diff = fix.diff
    .map((line) => {
      const cls = line.op === '+' ? ' class="add"' : line.op === '-' ? ' class="del"' : ''
      return `<span${cls}>${line.op} ${esc(line.text)}</span>`
    })
    .join('')
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(fix.fixedPolicyJson)}`
  const changed = patch.amendments.length + patch.additions.length > 0
  // QA: "2 open denials in this run" counted a step the run did not see denied (throttled).
  const unseen = fix.openUnseen > 0 ? ` (${fix.openUnseen} of them not seen denied in this run: not known fixed)` : ''
  return `<p>${fix.open} open denial${fix.open === 1 ? '' : 's'}${unseen}. The patch against the declared policy:</p>
<ul class="patch-summary">${summary.join('')}</ul>
${known}
${
  changed
    ? `<pre class="diff" aria-label="Policy JSON diff: lines starting with + are added, with − removed">${diff}</pre>
<p><a class="download" download="fixed-policy.json" href="${esc(href)}">Download the fixed policy (fixed-policy.json)</a></p>
${trialHtml(fix.trial)}`
    : `<p>${esc(noPatchText(patch))}</p>`
}`
}

/** What this run's --verify-fix found for this patch, or that nothing has verified it yet. */
function trialHtml(trial: FixVerification | undefined): string {
  if (!trial)
    return '<p class="muted">Not verified yet: the next run with the fixed policy verifies it, and this page then lists it under Verified fixes (or run with --verify-fix).</p>'
  const after =
    trial.status === 'verified'
      ? ' The declared policy still lacks it: apply it, and the next run lists it under Verified fixes.'
      : ''
  return `<p class="trial ${trial.status}">--verify-fix tried this patch. ${esc(verifyFixHeadline(trial))}.${after}</p>`
}

function verifiedHtml(model: DashboardModel): string {
  const { verified } = model.fix
  if (verified.length === 0)
    return '<h3>Verified fixes</h3><p class="muted">No regression in this window was fixed yet.</p>'
  const items = verified.slice(0, 50).map((v) => {
    const how = v.byPolicyChange
      ? 'after your policy change'
      : 'without a policy change (AWS relaxed it, or a different account)'
    const since = `${day(v.deniedSince)}${v.sinceWindowStart ? ' (the window’s first night) or earlier' : ''}`
    return `<li><strong>${esc(v.step)}</strong> in ${esc(shortList(v.regions))}: denied since ${esc(since)}, allowed again on ${esc(day(v.date))} (run ${esc(v.runId)}) ${esc(how)} — verified by that run.</li>`
  })
  const more = verified.length > 50 ? `<li>… and ${verified.length - 50} more</li>` : ''
  return `<h3>Verified fixes</h3><ul class="verified">${items.join('')}${more}</ul>`
}

function shortList(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}

/** Why nothing was patched: a declared Deny can still be narrowed by hand; a guardrail is outside the policy. */
function noPatchText(patch: PolicyPatch): string {
  return patch.notPatched.some((skip) => skip.deny)
    ? 'No statement to add fixes these denials: narrow or remove the declared Deny statements named above.'
    : 'No change to the declared policy can fix these denials.'
}
