/**
 * `harness issue`: what to do with the drift tracking issue after a night. It prints the action and the
 * body (or, with --json, a plan the workflow applies with `gh`); harness itself never calls GitHub.
 */
import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import { HarnessError } from '../errors.js'
import { planIssue } from '../issue/drift-issue.js'
import { readCurrentIssue, readDriftReport } from '../issue/read-inputs.js'
import { ISSUE_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  drift: { type: 'string' },
  current: { type: 'string' },
  json: { type: 'boolean' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export async function issueCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${ISSUE_HELP}\n`)
    return 0
  }
  if (positionals.length > 0)
    throw new HarnessError('USAGE', `harness issue takes no positional arguments (got "${positionals[0]}").`)
  const driftFile = values.drift ?? join(await reportsDir(io, values), 'drift.json')
  const [report, current] = await Promise.all([readDriftReport(driftFile), readCurrentIssue(values.current)])
  const plan = planIssue(report, current)
  if (values.json) {
    io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`)
    return 0
  }
  const target = plan.number ? ` #${plan.number}` : ''
  io.stdout.write(`action: ${plan.action}${target} (${plan.reason})\ntitle: ${plan.title}\n`)
  if (plan.body) io.stdout.write(`\n${plan.body}\n`)
  return 0
}

async function reportsDir(io: CliIo, values: { 'reports-dir'?: string; config?: string }): Promise<string> {
  const flags = values['reports-dir'] ? { reportsDir: values['reports-dir'] } : {}
  return (await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })).reportsDir
}
