/**
 * Wildcard patterns (`*`, `?`) with policy variables (`${aws:username}`, `${key, 'default'}`, `${*}`, `${?}`,
 * `${$}`). A pattern is tokenized once; patterns without variables compile to one cached RegExp.
 */

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'variable'; key: string; fallback?: string }

/** Resolves a single-valued policy variable; undefined when the request has no value for it. */
export type VariableResolver = (key: string) => string | undefined

export interface CompiledPattern {
  source: string
  tokens: Token[]
  hasVariables: boolean
  hasWildcards: boolean
  caseInsensitive: boolean
  /** Resource-element rules: `*` stays inside its colon-separated segment unless it ends the segment. */
  segmentAware: boolean
  /** Present when the pattern has no variables. */
  regex?: RegExp
}

const VARIABLE = /\$\{([^}]*)\}/g
const SPECIAL_VARIABLES: Record<string, string> = { '*': '*', '?': '?', $: '$' }
const DEFAULT_FORM = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/

export function tokenize(pattern: string, withVariables: boolean): Token[] {
  const tokens: Token[] = []
  let last = 0
  if (withVariables) {
    for (const match of pattern.matchAll(VARIABLE)) {
      pushWildcardText(tokens, pattern.slice(last, match.index))
      tokens.push(variableToken(match[1] ?? ''))
      last = (match.index ?? 0) + match[0].length
    }
  }
  pushWildcardText(tokens, pattern.slice(last))
  return tokens
}

function variableToken(body: string): Token {
  const special = SPECIAL_VARIABLES[body.trim()]
  if (special !== undefined) return { kind: 'text', text: special }
  const withDefault = DEFAULT_FORM.exec(body)
  if (withDefault) return { kind: 'variable', key: withDefault[1] ?? '', fallback: withDefault[2] ?? '' }
  return { kind: 'variable', key: body.trim() }
}

function pushWildcardText(tokens: Token[], text: string): void {
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char !== '*' && char !== '?') continue
    if (i > start) tokens.push({ kind: 'text', text: text.slice(start, i) })
    tokens.push(char === '*' ? { kind: 'star' } : { kind: 'one' })
    start = i + 1
  }
  if (start < text.length) tokens.push({ kind: 'text', text: text.slice(start) })
}

const compiledCache = new Map<string, CompiledPattern>()

export function compilePattern(
  source: string,
  withVariables: boolean,
  caseInsensitive = false,
  segmentAware = false,
): CompiledPattern {
  const cacheKey = `${withVariables ? 'v' : '-'}${caseInsensitive ? 'i' : '-'}${segmentAware ? 's' : '-'}${source}`
  const cached = compiledCache.get(cacheKey)
  if (cached) return cached
  const tokens = tokenize(source, withVariables)
  const hasVariables = tokens.some((token) => token.kind === 'variable')
  const hasWildcards = tokens.some((token) => token.kind === 'star' || token.kind === 'one')
  const compiled: CompiledPattern = { source, tokens, hasVariables, hasWildcards, caseInsensitive, segmentAware }
  if (!hasVariables) compiled.regex = toRegex(compiled, () => undefined)
  if (compiledCache.size > 20_000) compiledCache.clear()
  compiledCache.set(cacheKey, compiled)
  return compiled
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * IAM User Guide, Resource element: wildcards work within ARN segments, and "if the * wildcard is the last
 * character of a resource ARN segment, it can expand to match beyond the colon boundaries".
 */
function starRegex(pattern: CompiledPattern, next: Token | undefined): string {
  if (!pattern.segmentAware) return '.*'
  const endsSegment = next === undefined || (next.kind === 'text' && next.text.startsWith(':'))
  return endsSegment ? '.*' : '[^:]*'
}

function toRegex(pattern: CompiledPattern, resolve: VariableResolver): RegExp | undefined {
  const { tokens } = pattern
  let body = ''
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'star') body += starRegex(pattern, tokens[index + 1])
    else if (token.kind === 'one') body += pattern.segmentAware ? '[^:]' : '.'
    else if (token.kind === 'text') body += escapeRegex(token.text)
    else {
      const value = resolve(token.key) ?? token.fallback
      if (value === undefined) return undefined
      body += escapeRegex(value)
    }
  }
  return cachedRegex(`^${body}$`, pattern.caseInsensitive ? 'is' : 's')
}

// Patterns with variables resolve to the same few texts request after request (one user, one team tag).
const resolvedCache = new Map<string, RegExp>()

function cachedRegex(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`
  const cached = resolvedCache.get(key)
  if (cached) return cached
  const regex = new RegExp(source, flags)
  if (resolvedCache.size > 20_000) resolvedCache.clear()
  resolvedCache.set(key, regex)
  return regex
}

/** Substitutes variables (wildcards stay literal). Undefined when a variable has no value and no default. */
export function substitute(pattern: CompiledPattern, resolve: VariableResolver): string | undefined {
  if (!pattern.hasVariables) return pattern.source
  let out = ''
  for (const token of pattern.tokens) {
    if (token.kind === 'star') out += '*'
    else if (token.kind === 'one') out += '?'
    else if (token.kind === 'text') out += token.text
    else {
      const value = resolve(token.key) ?? token.fallback
      if (value === undefined) return undefined
      out += value
    }
  }
  return out
}

/** Wildcard match of value against the pattern; an unresolvable variable never matches. */
export function matchPattern(pattern: CompiledPattern, value: string, resolve: VariableResolver): boolean {
  if (pattern.regex) return pattern.regex.test(value)
  const regex = toRegex(pattern, resolve)
  return regex?.test(value) ?? false
}
