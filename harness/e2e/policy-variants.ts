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
