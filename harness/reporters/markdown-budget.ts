/**
 * Keeps drift.md a compact twin of the dashboard at any history or run size (pure): two or more clean regions
 * fold into one line, and region sections stop before GitHub's 1 MiB job-summary limit, saying what was left out.
 * Limit: "GITHUB_STEP_SUMMARY … the maximum size is 1MiB" (docs.github.com, "Workflow commands for GitHub
 * Actions", Adding a job summary).
 */
import type { RegionVerdict } from './region-verdict.js'

/** GitHub's job-summary limit is 1 MiB (1,048,576 bytes); stay well below it, footer included. */
export const MARKDOWN_BYTE_BUDGET = 1_000_000

export interface FoldedVerdicts {
  /** Regions listed one by one, findings first. */
  listed: RegionVerdict[]
  /** Regions with nothing to read (no drift, or a first run with every step allowed), when two or more. */
  folded: RegionVerdict[]
}

export function foldCleanRegions(verdicts: readonly RegionVerdict[]): FoldedVerdicts {
  const clean = verdicts.filter(isClean)
  if (clean.length < 2) return { listed: [...verdicts], folded: [] }
  return { listed: verdicts.filter((v) => !isClean(v)), folded: clean }
}

const isClean = (verdict: RegionVerdict): boolean =>
  verdict.status === 'no-drift' ||
  (verdict.status === 'first-run' && verdict.changes.every((c) => c.to?.kind === 'allowed'))

/**
 * `- **31 regions: no drift**: af-south-1, …`. `firstRun`: the report has no earlier comparable run (isFirstRun);
 * regions new to a later run are "new here".
 */
export function foldedLine(folded: readonly RegionVerdict[], firstRun: boolean): string {
  const noBaseline = folded.every((v) => v.status === 'first-run')
  const what = !noBaseline ? 'no drift' : firstRun ? 'first run, every step allowed' : 'new here, every step allowed'
  return `- **${folded.length} regions: ${what}**: ${folded.map((v) => v.region).join(', ')}`
}

/** The head, then as many sections as fit the budget, then a line naming the regions left out. */
export function fitSections(head: string, sections: ReadonlyArray<{ region: string; text: string }>): string {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8')
  let used = bytes(head) + 400 // room for the footer line
  const kept: string[] = []
  const left: string[] = []
  for (const section of sections) {
    const size = bytes(section.text)
    if (left.length === 0 && used + size <= MARKDOWN_BYTE_BUDGET) {
      kept.push(section.text)
      used += size
    } else left.push(section.region)
  }
  const footer =
    left.length === 0
      ? ''
      : `\n\n> ${left.length} more region section(s) left out to stay under GitHub's 1 MiB summary limit: ` +
        `${shorten(left.join(', '), 300)}. dashboard.html and drift.json have every region.\n`
  return [head, ...kept].join('\n\n') + footer
}

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)
