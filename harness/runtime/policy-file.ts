/**
 * The declared policy file: read, checked against IAM's size and character limits, validated with the
 * policy module (every problem, naming the statement and field), and hashed canonically so runs with
 * the same policy are comparable. A huge or broken file gets a short message, never an echo of itself.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { HarnessError } from '../errors.js'
import { parsePolicy } from '../policy/index.js'
import { disallowedCharacter, IAM_QUOTAS_URL, POLICY_SIZE_LIMITS, policySize } from '../policy/quotas.js'
import { describeUnknownAction, findUnknownActions } from '../policy/unknown-actions.js'

export interface DeclaredPolicy {
  file: string
  /** How progress names it; default "the declared policy" (a follow-up's is "the patched policy"). */
  label?: string
  /** Minified canonical JSON, as put on the harness role. */
  json: string
  hash: string
}

/** Far above any policy IAM accepts; a bigger file is not read at all. */
const MAX_FILE_BYTES = 1024 * 1024
/** At most this many problems are listed, each cut to one short line. */
const MAX_PROBLEMS_SHOWN = 20
const MAX_PROBLEM_CHARS = 240

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** `whereFrom`: how a relative path was resolved, said when the file does not exist. */
export async function readDeclaredPolicy(file: string, whereFrom?: string): Promise<DeclaredPolicy> {
  const text = await readPolicyText(file, whereFrom)
  const invalid = (message: string) => new HarnessError('POLICY_INVALID', `Policy file ${file} ${message}`)
  const bad = disallowedCharacter(text)
  if (bad) {
    throw invalid(
      `contains ${bad.codePoint} at character ${bad.index + 1}; IAM allows only tab, line feed, carriage return and U+0020–U+00FF (${IAM_QUOTAS_URL}).`,
    )
  }
  const { policy, errors } = parsePolicy(text, 'identity')
  if (!policy || errors.length > 0) throw invalid(`is not a valid IAM policy:\n${listProblems(errors)}`)
  const size = policySize(JSON.stringify(JSON.parse(text)))
  if (size > POLICY_SIZE_LIMITS.inlineRolePolicies) {
    const statements = policy.statements.length
    throw invalid(
      `is ${size.toLocaleString('en-US')} characters (white space excluded, ${statements.toLocaleString('en-US')} statement${statements === 1 ? '' : 's'}); ` +
        `IAM refuses more than ${POLICY_SIZE_LIMITS.inlineRolePolicies.toLocaleString('en-US')} for a role's inline policies ` +
        `(${IAM_QUOTAS_URL}). Merge statements or use wildcards to shrink it.`,
    )
  }
  // A misspelt action is valid IAM that silently never matches: refuse it before an account is vended.
  const unknown = await findUnknownActions(policy)
  if (unknown.length > 0) {
    const problems = listProblems(unknown.map((finding) => ({ message: describeUnknownAction(finding) })))
    throw invalid(`names actions IAM does not have:\n${problems}`)
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

async function readPolicyText(file: string, whereFrom: string | undefined): Promise<string> {
  const fail = (reason: string, cause?: unknown) =>
    new HarnessError('POLICY_INVALID', `Policy file ${file} ${reason}.`, { cause })
  const reasonFor = (error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT'
      ? `does not exist${whereFrom ? ` (${whereFrom})` : ''}`
      : error.code === 'EISDIR'
        ? 'is a directory, not a JSON file'
        : `cannot be read (${error.code})`
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw fail(reasonFor(error), error)
  })
  if (info.isDirectory()) throw fail('is a directory, not a JSON file')
  if (info.size > MAX_FILE_BYTES) {
    throw fail(
      `is ${info.size.toLocaleString('en-US')} bytes; IAM refuses inline role policies over ${POLICY_SIZE_LIMITS.inlineRolePolicies.toLocaleString('en-US')} characters (${IAM_QUOTAS_URL})`,
    )
  }
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw fail(reasonFor(error), error)
  })
}

/** The policy module's messages already start with the statement and field they are about. */
function listProblems(errors: ReadonlyArray<{ message: string }>): string {
  const lines = errors.slice(0, MAX_PROBLEMS_SHOWN).map((error) => `  ${shorten(error.message.replace(/\s+/g, ' '))}`)
  if (errors.length > MAX_PROBLEMS_SHOWN) lines.push(`  … and ${errors.length - MAX_PROBLEMS_SHOWN} more problems`)
  return lines.join('\n')
}

function shorten(line: string): string {
  return line.length <= MAX_PROBLEM_CHARS ? line : `${line.slice(0, MAX_PROBLEM_CHARS)}… (${line.length} characters)`
}
