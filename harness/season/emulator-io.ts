/**
 * What the emulator season reads and writes around each night: the emulator's clock, Organizations'
 * accounts and live resources (the figures), the night's run record and drift.json, and the season's
 * policy copy that takes the team's fix for each detected change.
 */

import { readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import type { AwsTarget } from '../accounts/types.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import type { ChangeResult, ReportedRegression } from './attribute.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations

/**
 * The team's fix after a confirmed regression: the declared policy grants what the change requires (as
 * the report's suggested statement says), so the step passes again and the next change to it shows.
 */
export async function grantDetected(policyFile: string, results: ChangeResult[], actions: ReadonlyMap<string, string>) {
  const policy = JSON.parse(await readFile(policyFile, 'utf8')) as { Statement: Array<{ Sid?: string }> }
  const granted = new Set(policy.Statement.map((statement) => statement.Sid))
  for (const result of results) {
    const action = actions.get(result.change.id)
    const sid = `SeasonFix${result.change.id.replace(/\W/g, '')}`
    if (result.detectedNight === undefined || !action || granted.has(sid)) continue
    policy.Statement.push({ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' } as { Sid: string })
  }
  await writeFile(policyFile, `${JSON.stringify(policy, null, 2)}\n`)
}

export async function setClock(endpoint: string, date: string, token: string): Promise<void> {
  const now = (await (await fetch(`${endpoint}/_emulator/clock`)).json()) as { now?: string; time?: string }
  const current = Date.parse(now.now ?? now.time ?? '')
  // The clock only moves forward; a night that overran its day starts when the last one ended.
  if (!Number.isNaN(current) && current >= Date.parse(date)) return
  const response = await fetch(`${endpoint}/_emulator/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  })
  if (!response.ok)
    throw new Error(`setting the emulator clock failed: HTTP ${response.status} ${await response.text()}`)
}

/** The run record tonight's run wrote, if any (a killed or blocked run may write none). */
export async function newRecord(dir: string, seen: Set<string>): Promise<RunRecord | undefined> {
  const runsDir = path.join(dir, 'reports', 'runs')
  const files = await readdir(runsDir).catch(() => [] as string[])
  const fresh = files.filter((file) => file.endsWith('.json') && !seen.has(file)).sort()
  for (const file of fresh) seen.add(file)
  const last = fresh.at(-1)
  return last ? (JSON.parse(await readFile(path.join(runsDir, last), 'utf8')) as RunRecord) : undefined
}

/** Blast radius as a run record states it (harness/follow-up/, when built) for one step. */
interface RecordedRadius {
  scenario: string
  step: string
  region: string
  radius: 'new-accounts-only' | 'all-accounts' | 'unknown'
}

const RADIUS_WORDS = { 'new-accounts-only': 'new accounts only', 'all-accounts': 'all accounts' } as const

export async function readRegressions(dir: string, record: RunRecord): Promise<ReportedRegression[]> {
  const text = await readFile(path.join(dir, 'reports', 'drift.json'), 'utf8').catch(() => undefined)
  if (!text) return []
  const drift = JSON.parse(text) as DriftReport
  if (drift.currentRunId !== record.runId) return []
  const radii = (record as { blastRadius?: RecordedRadius[] }).blastRadius ?? []
  return (
    drift.changes
      // A denial with no conclusive baseline of its freshness (a pair's first fresh test) is an open denial: the
      // nightly fails on it just the same, so it counts as reported, and as false when no change explains it.
      .filter((change) => change.change === 'regression' || change.change === 'open-denial')
      .map((change) => {
        const radius = radii.find(
          (r) => r.scenario === change.scenario && r.step === change.step && r.region === change.region,
        )
        return {
          scenario: change.scenario,
          region: change.region,
          step: change.step,
          missingAction: change.missingAction,
          blastRadius: radius && radius.radius !== 'unknown' ? RADIUS_WORDS[radius.radius] : undefined,
        }
      })
  )
}

/** Member accounts as Organizations lists them (the management account left out). */
export async function listMembers(endpoint: string, target: AwsTarget): Promise<Array<{ id: string; status: string }>> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint, credentials: target.managementCredentials })
  try {
    const management = (await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId
    const members: Array<{ id: string; status: string }> = []
    let NextToken: string | undefined
    do {
      const page = await org.send(new ListAccountsCommand({ NextToken }))
      for (const a of page.Accounts ?? [])
        if (a.Id !== management) members.push({ id: a.Id ?? '', status: a.State ?? a.Status ?? 'ACTIVE' })
      NextToken = page.NextToken
    } while (NextToken)
    return members
  } finally {
    org.destroy()
  }
}

/** Live resources, less AWS's own OrganizationAccountAccessRole in every member account. */
export async function countLeftoverResources(endpoint: string): Promise<number> {
  const body = (await (await fetch(`${endpoint}/_emulator/resources`)).json()) as {
    resources: Array<{ type: string; id: string }>
  }
  return body.resources.filter((r) => !(r.type === 'iam:role' && r.id === 'OrganizationAccountAccessRole')).length
}
