/**
 * The end of every run, whatever happened: scenario resources (onCleanup, administrator credentials,
 * LIFO), then the harness role, then the account (kept or closed) and its ledger entry with the
 * regions and operations it has used. Problems are collected and reported, never thrown.
 */
import type { Progress } from '../cli/progress.js'
import type { ResolvedConfig } from '../config/resolve.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { CleanupRegistry } from './cleanup.js'
import * as provision from './provision.js'

export interface TeardownInput {
  config: ResolvedConfig
  runId: string
  progress: Progress
  target?: provision.AwsTarget
  session?: provision.AccountSession
  account?: provision.VendedAccount
  regions: RunRecord['regions']
  results: StepResult[]
  cleanups: CleanupRegistry
}

export async function teardown(input: TeardownInput): Promise<string[]> {
  const { progress, config, session, target, account } = input
  const problems: string[] = []
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn()
    } catch (error) {
      problems.push(`${what}: ${redactSecrets(error instanceof Error ? error.message : String(error))}`)
    }
  }
  if (session && input.cleanups.size > 0) {
    progress.info(`cleanup: deleting ${input.cleanups.size} scenario resource(s) with administrator credentials…`)
    const failures = await input.cleanups.runAll((region) => provision.clientFactory(session, region, 'admin'))
    problems.push(...failures.map((f) => `[${f.region}] ${f.scenario}: ${f.message}`))
  }
  if (session) await attempt('delete harness role', () => provision.removeRole(session))
  if (target && account) {
    const allowed = input.results.filter((r) => r.outcome.kind === 'allowed')
    const usage = {
      runId: input.runId,
      regionsUsed: input.regions.map((region) => region.name),
      operationsUsed: [...new Set(allowed.map((r) => provision.freshnessKey(`${r.scenario}/${r.step}`, r.region)))],
    }
    await attempt('finish account', async () => {
      const problem = await provision.finish(target, account, config, usage)
      if (problem) throw new Error(problem)
      progress.info(`cleanup: account ${account.accountId} ${config.accounts.afterRun === 'close' ? 'closed' : 'kept'}`)
    })
  }
  for (const problem of problems) progress.warn(`cleanup: ${problem}`)
  return problems
}
