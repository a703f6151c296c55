/**
 * The declared policy file: read, validated with the policy module (every problem, naming the
 * statement and field), and hashed canonically so runs with the same policy are comparable.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { HarnessError } from '../errors.js'
import { parsePolicy } from '../policy/index.js'
import { describeUnknownAction, findUnknownActions } from '../policy/unknown-actions.js'

export interface DeclaredPolicy {
  file: string
  /** Minified canonical JSON, as put on the harness role. */
  json: string
  hash: string
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export async function readDeclaredPolicy(file: string): Promise<DeclaredPolicy> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'ENOENT'
        ? 'does not exist'
        : error.code === 'EISDIR'
          ? 'is a directory, not a JSON file'
          : `cannot be read (${error.code})`
    throw new HarnessError('POLICY_INVALID', `Policy file ${file} ${reason}.`, { cause: error })
  })
  const { policy, errors } = parsePolicy(text, 'identity')
  if (!policy || errors.length > 0) {
    // The policy module's messages already start with the statement and field they are about.
    const problems = errors.map((error) => `  ${error.message.replace(/\s+/g, ' ')}`).join('\n')
    throw new HarnessError('POLICY_INVALID', `Policy file ${file} is not a valid IAM policy:\n${problems}`)
  }
  // A misspelt action is valid IAM that silently never matches: refuse it before an account is vended.
  const unknown = await findUnknownActions(policy)
  if (unknown.length > 0) {
    const problems = unknown.map((finding) => `  ${describeUnknownAction(finding)}`).join('\n')
    throw new HarnessError('POLICY_INVALID', `Policy file ${file} names actions IAM does not have:\n${problems}`)
  }
  const json = JSON.stringify(JSON.parse(text))
  return {
    file,
    json,
    hash: createHash('sha256')
      .update(canonicalJson(JSON.parse(text)))
      .digest('hex'),
  }
}
