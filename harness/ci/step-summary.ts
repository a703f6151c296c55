/**
 * drift.md → a GitHub job summary (pure). GitHub refuses a step summary over 1 MiB: the runner reports
 * "$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got …k" and shows none of it
 * (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary),
 * so the region sections that need no attention (no drift, first run) are left out — their verdict line
 * stays in "Verdict by region" — and what still does not fit is cut with a pointer to the artifact.
 */

/** GitHub's limit is 1024 KiB; keep a margin for the lines added after this one. */
export const SUMMARY_LIMIT_BYTES = 1_000_000

const CLEAN = new Set(['no-drift', 'first-run'])

export interface RegionStatus {
  region: string
  status: string
}

interface Section {
  region: string
  text: string
}

function splitSections(markdown: string): { head: string; sections: Section[] } {
  const parts = markdown.split(/^(?=## )/m)
  const head: string[] = []
  const sections: Section[] = []
  for (const part of parts) {
    const title = /^## (.+)$/m.exec(part)?.[1]?.trim()
    if (!title || title === 'Verdict by region' || !part.startsWith('## ')) head.push(part)
    else sections.push({ region: title, text: part })
  }
  return { head: head.join(''), sections }
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

export function renderStepSummary(
  markdown: string,
  regions: readonly RegionStatus[],
  limitBytes = SUMMARY_LIMIT_BYTES,
  artifact = 'the drift-report artifact',
): string {
  const status = new Map(regions.map((r) => [r.region, r.status]))
  const { head, sections } = splitSections(markdown)
  const kept = sections.filter((section) => !CLEAN.has(status.get(section.region) ?? ''))
  const clean = sections.length - kept.length
  const note =
    clean > 0 ? `\n_${clean} region(s) with nothing to look at are listed above only; details in ${artifact}._\n\n` : ''
  let out = head.replace(/\s*$/, '\n') + note
  for (const [i, section] of kept.entries()) {
    const cut = `\n_… ${kept.length - i} more region section(s) cut to stay under GitHub's 1 MiB summary limit; see ${artifact}._\n`
    if (bytes(out) + bytes(section.text) + bytes(cut) > limitBytes) return out + cut
    out += section.text
  }
  if (bytes(out) > limitBytes) return `${out.slice(0, Math.floor(limitBytes / 4))}\n\n_… cut; see ${artifact}._\n`
  return out
}
