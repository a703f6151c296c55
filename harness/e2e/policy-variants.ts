/** The shipped minimal policy without some actions: how e2e tests replay "the policy of 2022". */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { REPO_ROOT } from './cli-project.js'

export async function policyWithout(...removed: string[]): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((a) => !removed.includes(a))
  }
  return JSON.stringify(policy, null, 2)
}

/** The shipped minimal policy plus a statement denying `actions` on every resource, as a cautious edit would add. */
export async function policyDenying(sid: string, ...actions: string[]): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
  policy.Statement.push({ Sid: sid, Effect: 'Deny', Action: actions, Resource: '*' })
  return JSON.stringify(policy, null, 2)
}
