/**
 * scenarios/minimal-policy.json is the LEAST policy under which the shipped scenarios pass on today's
 * AWS: with it every step (including --launch's real launch and terminate) is allowed, and without any
 * one of its actions some step is denied for exactly that action.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { mapAtMost } from './at-most.js'
import { createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT, shippedConfig } from './cli-project.js'

interface Statement {
  Action: string | string[]
}

async function shippedPolicy(): Promise<{ Statement: Statement[] }> {
  return JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
}

function without(policy: { Statement: Statement[] }, action: string): string {
  const copy = structuredClone(policy)
  copy.Statement = copy.Statement.map((s) => ({ ...s, Action: [s.Action].flat().filter((a) => a !== action) })).filter(
    (s) => s.Action.length > 0,
  )
  return JSON.stringify(copy)
}

async function lastRecord(project: Project, reportsDir: string): Promise<RunRecord> {
  const files = (await project.files(reportsDir)).filter((f) => f.includes(`${path.sep}runs${path.sep}`))
  return JSON.parse(await project.read(files[0] as string)) as RunRecord
}

describe('scenarios/minimal-policy.json', () => {
  let project: Project
  let actions: string[]
  const records = new Map<string, RunRecord>()

  beforeAll(async () => {
    const policy = await shippedPolicy()
    actions = policy.Statement.flatMap((s) => [s.Action].flat())
    project = await createProject({ 'harness.config.ts': shippedConfig() })
    const variants: Array<[string, string]> = [
      ['(none)', JSON.stringify(policy)],
      ...actions.map((a): [string, string] => [a, without(policy, a)]),
    ]
    // Two at a time: each run hands its scenario thread to the next, where all at once would start one each.
    await mapAtMost(variants, 2, async ([removed, text], index) => {
      await project.write(`policy-${index}.json`, text)
      const reports = `reports-${index}`
      const args = [
        'run',
        '--region',
        'us-east-1',
        '--launch',
        '--policy',
        `policy-${index}.json`,
        '--reports-dir',
        reports,
        // Without one action, the scenario of that action's service runs (logs:… → logs/*): running the
        // others too could only add denials, never take the one asserted away.
        ...(removed === '(none)' ? [] : ['--scenario', `${removed.split(':')[0]}/*`]),
      ]
      const result = await project.run(args)
      expect(result.stderr).toBe('')
      records.set(removed, await lastRecord(project, reports))
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('allows every step, including a real launch and terminate', () => {
    const results = records.get('(none)')?.results ?? []
    expect(results.map((r) => `${r.step}: ${r.outcome.kind}`).sort()).toEqual([
      'CreateLogGroup: allowed',
      'CreateRepository: allowed',
      'RunInstances: allowed',
      'TerminateInstances: allowed',
    ])
  })

  it('needs each of its actions: without one, a step is denied naming it', () => {
    expect(actions.length).toBeGreaterThanOrEqual(7)
    for (const action of actions) {
      const denied = (records.get(action)?.results ?? []).filter((r) => r.outcome.kind === 'denied')
      const named = denied.flatMap((r) => {
        const details = r.outcome.kind === 'denied' ? r.outcome.denied : undefined
        return [details?.action, ...(details?.actionCandidates ?? [])]
      })
      expect({ action, named }).toEqual({ action, named: expect.arrayContaining([action]) })
    }
  })
})
