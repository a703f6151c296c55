/**
 * Reading a template: JSON only (no YAML parser is among the project's dependencies), `Resources`
 * required, every type one the emulator provisions, every parameter given a value or a default, and
 * every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn naming a parameter, a pseudo parameter or a
 * resource. Refs to parameters and pseudo parameters (and Fn::Sub strings of them) are resolved;
 * resource refs are left for the planner. Texts: "Template format error: …" and "Parameters: […] …" as
 * CloudFormation's ValidationError writes them (FACTS.md, CloudFormation).
 */
import { AwsError } from '../../core/errors.js'
import type { TemplateResource } from './provision.js'
import { resourceTags, SUPPORTED_TYPES } from './resource-types.js'

const formatError = (detail: string) => new AwsError('ValidationError', `Template format error: ${detail}`)

type Json = unknown
interface Template {
  Parameters?: Record<string, { Type?: unknown; Default?: unknown }>
  Resources?: Record<string, { Type?: unknown; Properties?: Record<string, unknown>; DependsOn?: unknown }>
}

/** What pseudo parameters resolve to for this stack. */
export interface StackFacts {
  region: string
  accountId: string
  stackName: string
  stackId: string
}

const PSEUDO = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region'].concat([
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
])

export function readTemplate(
  body: string,
  stackTags: Record<string, string>,
  given: Array<{ ParameterKey?: unknown; ParameterValue?: unknown }> = [],
  stack?: StackFacts,
): TemplateResource[] {
  let template: Template
  try {
    template = JSON.parse(body)
  } catch {
    throw formatError(
      'the harness emulator reads JSON templates only; this body is not valid JSON (YAML is not parsed).',
    )
  }
  const resources = template?.Resources
  if (!resources || typeof resources !== 'object' || Object.keys(resources).length === 0) {
    throw formatError('At least one Resources member must be defined.')
  }
  const unknown = Object.values(resources)
    .map((resource) => String(resource?.Type ?? ''))
    .filter((type) => !SUPPORTED_TYPES.includes(type))
  if (unknown.length > 0) {
    throw formatError(
      `Unrecognized resource types: [${unknown.join(', ')}] (the harness emulator provisions ${SUPPORTED_TYPES.join(', ')}).`,
    )
  }
  const values = parameterValues(template.Parameters ?? {}, given)
  checkReferences(template, Object.keys(values))
  const pseudo: Record<string, string> = stack
    ? {
        'AWS::AccountId': stack.accountId,
        'AWS::Partition': 'aws',
        'AWS::Region': stack.region,
        'AWS::StackId': stack.stackId,
        'AWS::StackName': stack.stackName,
        'AWS::URLSuffix': 'amazonaws.com',
      }
    : {}
  const known = { ...pseudo, ...values }
  return Object.entries(resources).map(([logicalId, resource]) => {
    const type = String(resource.Type)
    const properties = resolve(resource.Properties ?? {}, known) as Record<string, unknown>
    return { logicalId, type, properties, tags: { ...stackTags, ...resourceTags(type, properties) } }
  })
}

/** Each declared parameter's value (given, else its Default); undeclared or missing ones are refused. */
function parameterValues(
  declared: NonNullable<Template['Parameters']>,
  given: Array<{ ParameterKey?: unknown; ParameterValue?: unknown }>,
): Record<string, string> {
  const values: Record<string, string> = {}
  if (given.length > 0 && Object.keys(declared).length === 0)
    throw new AwsError('ValidationError', 'Parameter values specified for a template which does not require them.')
  const undeclared = given.map((p) => String(p.ParameterKey ?? '')).filter((key) => !Object.hasOwn(declared, key))
  if (undeclared.length > 0)
    throw new AwsError('ValidationError', `Parameters: [${undeclared.join(', ')}] do not exist in the template`)
  for (const [name, parameter] of Object.entries(declared)) {
    const value = given.find((p) => p.ParameterKey === name)?.ParameterValue ?? parameter?.Default
    if (value !== undefined) values[name] = Array.isArray(value) ? value.join(',') : String(value)
  }
  const missing = Object.keys(declared).filter((name) => !Object.hasOwn(values, name))
  if (missing.length > 0) throw new AwsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`)
  return values
}

/** Names a template refers to: Ref, Fn::GetAtt, ${…} in Fn::Sub (not ${!…}, not the variables map's). */
function referencedNames(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) referencedNames(item, into)
    return
  }
  if (!node || typeof node !== 'object') return
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Ref' && typeof value === 'string') into.add(value)
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(value) ? value[0] : typeof value === 'string' ? value.split('.')[0] : undefined
      if (typeof target === 'string') into.add(target)
    } else if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(value) ? value : [value, {}]
      const local = variables && typeof variables === 'object' ? Object.keys(variables) : []
      for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const name = match[1]!.split('.')[0]!
        if (!local.includes(name)) into.add(name)
      }
      referencedNames(variables, into)
    } else referencedNames(value, into)
  }
}

function checkReferences(template: Template, parameters: string[]): void {
  const resources = Object.keys(template.Resources ?? {})
  const names = new Set<string>()
  for (const resource of Object.values(template.Resources ?? {})) {
    referencedNames(resource?.Properties, names)
    for (const dependency of [resource?.DependsOn ?? []].flat()) names.add(String(dependency))
  }
  const unresolved = [...names].filter(
    (name) => !resources.includes(name) && !parameters.includes(name) && !PSEUDO.includes(name),
  )
  if (unresolved.length > 0) {
    throw formatError(
      `Unresolved resource dependencies [${unresolved.join(', ')}] in the Resources block of the template`,
    )
  }
}

/** Replaces Refs to `known` names and Fn::Sub strings made only of them; leaves everything else as written. */
function resolve(node: Json, known: Record<string, string>): Json {
  if (Array.isArray(node)) return node.map((item) => resolve(item, known))
  if (!node || typeof node !== 'object') return node
  const entries = Object.entries(node)
  if (entries.length === 1) {
    const [key, value] = entries[0]!
    if (key === 'Ref' && typeof value === 'string' && Object.hasOwn(known, value)) return known[value]
    if (key === 'Fn::Sub' && typeof value === 'string') {
      const names = [...value.matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1]!)
      if (names.every((name) => Object.hasOwn(known, name)))
        return value.replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => known[name]!).replace(/\$\{!/g, '${')
    }
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, resolve(value, known)]))
}
