/**
 * Progress lines for long work: one line per event, prefixed by the region. Color (on a TTY without
 * NO_COLOR) marks outcome kinds; CI and pipes get the same lines uncolored.
 */
import type { StepResult } from '../history/types.js'
import type { OutcomeKind } from '../outcomes/types.js'
import type { Progress } from '../runtime/types.js'

// The interface lives with the runtime that reports through it, so runtime/ never imports cli/.
export type { Progress }

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const
type Color = keyof typeof CODES

const KIND_COLORS: Record<OutcomeKind, Color> = {
  allowed: 'green',
  denied: 'red',
  'region-not-ready': 'yellow',
  credentials: 'yellow',
  throttled: 'yellow',
  error: 'yellow',
  skipped: 'dim',
}

export function describeStep(result: StepResult): string {
  const { outcome } = result
  let detail = outcome.kind as string
  if (outcome.kind === 'allowed' && outcome.dryRun) detail += ' (DryRun)'
  if (outcome.kind === 'skipped') detail += `: ${outcome.reason}`
  else if (outcome.kind !== 'allowed') {
    const action = outcome.denied?.action ? ` ${outcome.denied.action}` : ''
    detail += ` ${outcome.errorName}${action}`
    // An unexpected error's name alone (TypeError, ValidationException) does not say what went wrong.
    if (outcome.kind === 'error' && outcome.message) detail += `: ${oneLine(outcome.message, 200)}`
  }
  // A step in an account that already used its operations there cannot see fresh-account-only changes.
  const seasoned = result.notFresh ? ` [NOT fresh${result.accountId ? `: ${result.accountId}` : ''}]` : ''
  return `${result.scenario} › ${result.step}: ${detail} (${outcome.durationMs} ms)${seasoned}`
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

export function createProgress(write: (line: string) => void, options: { color: boolean }): Progress {
  const paint = (color: Color, text: string) => (options.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text)
  const prefix = (region: string) => paint('cyan', `[${region}]`)
  return {
    info: (text) => write(`${text}\n`),
    warn: (text) => write(`${paint('yellow', 'warning:')} ${text}\n`),
    region: (region, text) => write(`${prefix(region)} ${text}\n`),
    step: (result) => {
      const text = describeStep(result)
      const colored = text.replace(
        /: (\S+)/,
        (_all, kind: string) => `: ${paint(KIND_COLORS[result.outcome.kind], kind)}`,
      )
      write(`${prefix(result.region)} ${colored}\n`)
    },
  }
}
