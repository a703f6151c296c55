/**
 * Matching of the Action, Resource and Principal elements against a request.
 * Actions: case-insensitive with `*`/`?`. Resource element: case-sensitive; a `*` ending an ARN segment may
 * run past colons, one inside a segment may not (patterns.ts). ArnLike/ArnEquals conditions check each of
 * the six colon-delimited components separately (IAM condition operator reference).
 */
import { type CompiledPattern, compilePattern, matchPattern, type VariableResolver } from './patterns.js'
import type { PrincipalBlock, PrincipalKind } from './types.js'

const noVariables: VariableResolver = () => undefined

export function matchesAction(pattern: string, action: string): boolean {
  return compilePattern(pattern, false, true).regex?.test(action) ?? false
}

/** The first five colons split an ARN; later colons belong to the resource part. Colons inside `${…}` don't split. */
export function splitArn(arn: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < arn.length && parts.length < 5; i++) {
    const char = arn[i]
    if (char === '$' && arn[i + 1] === '{') depth++
    else if (char === '}' && depth > 0) depth--
    else if (char === ':' && depth === 0) {
      parts.push(arn.slice(start, i))
      start = i + 1
    }
  }
  parts.push(arn.slice(start))
  return parts
}

/** An ArnLike/ArnEquals condition value: one pattern per colon-delimited component. */
export interface CompiledResourcePattern {
  source: string
  segments: CompiledPattern[]
}

const resourceCache = new Map<string, CompiledResourcePattern>()

export function compileResourcePattern(source: string, withVariables: boolean): CompiledResourcePattern {
  const key = `${withVariables ? 'v' : '-'}${source}`
  const cached = resourceCache.get(key)
  if (cached) return cached
  const compiled = { source, segments: splitArn(source).map((part) => compilePattern(part, withVariables)) }
  if (resourceCache.size > 20_000) resourceCache.clear()
  resourceCache.set(key, compiled)
  return compiled
}

/** ArnLike semantics: each component matched on its own, so a pattern with fewer components never matches. */
export function matchesCompiledResource(
  pattern: CompiledResourcePattern,
  resource: string,
  resolve: VariableResolver,
): boolean {
  if (pattern.source === '*') return true
  const parts = splitArn(resource)
  if (parts.length !== pattern.segments.length) return false
  return pattern.segments.every((segment, index) => matchPattern(segment, parts[index] ?? '', resolve))
}

/** Resource-element matching (not ArnLike): see patterns.ts for the segment rule. */
export function compileResourceElement(pattern: string, withVariables: boolean): CompiledPattern {
  return compilePattern(pattern, withVariables, false, true)
}

export function matchesResource(pattern: string, resource: string, resolve: VariableResolver = noVariables): boolean {
  return matchPattern(compileResourceElement(pattern, true), resource, resolve)
}

/** Who is asking, as Principal elements see it. */
export interface RequestPrincipal {
  kind: PrincipalKind
  /** IAM user/role/assumed-role ARN, service principal name, or federated provider. */
  id?: string
  account?: string
}

const ACCOUNT_ID = /^\d{12}$/
const ROOT_ARN = /^arn:[\w-]+:iam::(\d{12}):root$/
const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/
const ASSUMED_ROLE_ARN = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/

export function principalFromArn(id: string | undefined, account?: string, kind?: PrincipalKind): RequestPrincipal {
  const inferred = kind ?? inferPrincipalKind(id)
  const arnAccount = id?.startsWith('arn:') ? splitArn(id)[4] : undefined
  return { kind: inferred, id, account: account ?? (arnAccount || undefined) }
}

function inferPrincipalKind(id: string | undefined): PrincipalKind {
  if (id === undefined) return 'AWS'
  if (id.endsWith('.amazonaws.com') && !id.startsWith('arn:')) return 'Service'
  if (/:(saml|oidc)-provider\//.test(id) || /^(accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com)$/.test(id))
    return 'Federated'
  return 'AWS'
}

/** One AWS principal value (account id, root ARN, role/user/session ARN, or `*`) against the request principal. */
export function matchesAwsPrincipalValue(value: string, principal: RequestPrincipal): boolean {
  if (value === '*') return true
  if (principal.kind !== 'AWS') return false
  if (ACCOUNT_ID.test(value)) return principal.account === value
  const root = ROOT_ARN.exec(value)
  if (root) return principal.account === root[1]
  if (principal.id === value) return true
  // A role ARN grants to every session of the role; session ARNs carry no path.
  const role = ROLE_ARN.exec(value)
  const session = principal.id ? ASSUMED_ROLE_ARN.exec(principal.id) : null
  return role !== null && session !== null && role[1] === session[1] && role[2] === session[2] && role[3] === session[3]
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

export function matchesPrincipal(block: PrincipalBlock, principal: RequestPrincipal): boolean {
  if (block === '*') return true
  for (const [type, values] of Object.entries(block)) {
    for (const value of asList(values)) {
      if (type === 'AWS' && matchesAwsPrincipalValue(value, principal)) return true
      if (type === principal.kind && type !== 'AWS' && value.toLowerCase() === principal.id?.toLowerCase()) return true
      if (type === principal.kind && value === '*') return true
    }
  }
  return false
}

/** How directly a Principal element names the caller: decides whether a resource-based Allow stands alone. */
export type PrincipalGrant = 'direct' | 'role' | 'account'

export function principalGrant(block: PrincipalBlock, principal: RequestPrincipal): PrincipalGrant | undefined {
  if (block === '*') return 'direct'
  let best: PrincipalGrant | undefined
  for (const [type, values] of Object.entries(block)) {
    for (const value of asList(values)) {
      const grant = grantOf(type, value, principal)
      if (grant === 'direct') return grant
      if (grant === 'role' || (grant === 'account' && best === undefined)) best = grant
    }
  }
  return best
}

function grantOf(type: string, value: string, principal: RequestPrincipal): PrincipalGrant | undefined {
  if (type !== 'AWS') return matchesPrincipal({ [type]: value }, principal) ? 'direct' : undefined
  if (!matchesAwsPrincipalValue(value, principal)) return undefined
  if (value === '*') return 'direct'
  if (ACCOUNT_ID.test(value) || ROOT_ARN.test(value)) return 'account'
  if (ROLE_ARN.test(value)) return 'role'
  return 'direct'
}
