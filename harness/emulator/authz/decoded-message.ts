/**
 * The JSON that STS DecodeAuthorizationMessage returns, in AWS's shape: every list wrapped as
 * `{ "items": [...] }`, values as `{ "value": ... }` (AWS CLI docs example; aws-facts §3). Pure.
 */
import type { Statement } from '../../policy/types.js'

export interface DecodedStatement {
  statementId?: string
  effect: 'Allow' | 'Deny'
  statement?: Statement
}

export interface DecodedMessageInput {
  allowed: boolean
  explicitDeny: boolean
  matchedStatements: DecodedStatement[]
  principal: { id: string; arn: string }
  action: string
  resource: string
  conditions: Record<string, unknown>
}

type Items<T> = { items: T[] }
const items = <T>(list: T[]): Items<T> => ({ items: list })
const values = (value: unknown): Items<{ value: string }> =>
  items((Array.isArray(value) ? value : [value]).map((entry) => ({ value: stringify(entry) })))

export function buildDecodedMessage(input: DecodedMessageInput): string {
  return JSON.stringify({
    allowed: input.allowed,
    explicitDeny: input.explicitDeny,
    matchedStatements: items(input.matchedStatements.map((matched) => decodedStatement(matched, input.principal.id))),
    failures: items([]),
    context: {
      principal: { id: input.principal.id, arn: input.principal.arn },
      action: input.action,
      resource: input.resource,
      conditions: items(
        Object.entries(input.conditions)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => ({ key, values: values(value) })),
      ),
    },
  })
}

function decodedStatement(matched: DecodedStatement, principalId: string) {
  const statement = matched.statement
  return {
    statementId: matched.statementId ?? '',
    effect: matched.effect.toUpperCase(),
    principals: items([{ value: principalId.split(':')[0] ?? principalId }]),
    principalGroups: items([]),
    actions: values(statement?.Action ?? statement?.NotAction ?? []),
    resources: values(statement?.Resource ?? statement?.NotResource ?? []),
    conditions: items(
      Object.entries(statement?.Condition ?? {}).flatMap(([operator, keys]) =>
        Object.entries(keys).map(([key, value]) => ({ key: `${operator}:${key}`, values: values(value) })),
      ),
    ),
  }
}

function stringify(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return typeof value === 'string' ? value : JSON.stringify(value)
}
