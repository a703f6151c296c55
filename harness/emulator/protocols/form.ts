/**
 * Unflattens awsQuery / ec2Query form parameters into nested wire-named objects:
 * `Tags.member.1.Key` → `{ Tags: [{ Key }] }` (query), `TagSpecification.1.Tag.1.Key` →
 * `{ TagSpecification: [{ Tag: [{ Key }] }] }` (ec2). A bare `Tags=` is an empty list.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const INDEX = /^[1-9][0-9]{0,5}$/

type Node = Record<string, unknown>

export function unflattenForm(form: URLSearchParams, skip: ReadonlySet<string>): Record<string, any> {
  const root: Node = {}
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue
    const segments = key.split('.').filter((segment, i, all) => !(skip.has(segment) && INDEX.test(all[i + 1] ?? '')))
    if (segments.some((segment) => segment === '' || UNSAFE_KEYS.has(segment))) continue
    assign(root, segments, value)
  }
  return toArrays(root) as Record<string, any>
}

function assign(root: Node, segments: string[], value: string): void {
  let cursor = root
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!
    const next = cursor[segment]
    if (typeof next === 'object' && next !== null) cursor = next as Node
    else cursor = cursor[segment] = {}
  }
  const last = segments[segments.length - 1]!
  if (typeof cursor[last] !== 'object' || cursor[last] === null) cursor[last] = value
}

/** Objects whose keys are all 1-based indexes become arrays ordered by index. */
function toArrays(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node
  const entries = Object.entries(node as Node)
  if (entries.length > 0 && entries.every(([key]) => INDEX.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => toArrays(child))
  }
  const out: Node = {}
  for (const [key, child] of entries) out[key] = toArrays(child)
  return out
}

/** The last request's form: peeking at its Action and parsing it read the same body and query. */
let lastForm: { body: Buffer; query: URLSearchParams; form: URLSearchParams } | undefined

/** Query string plus form body; the same object for the same request, so callers must not modify it. */
export function readForm(body: Buffer, query: URLSearchParams): URLSearchParams {
  if (lastForm && lastForm.body === body && lastForm.query === query) return lastForm.form
  const form = new URLSearchParams(query)
  if (body.length > 0) for (const [key, value] of new URLSearchParams(body.toString('utf8'))) form.append(key, value)
  lastForm = { body, query, form }
  return form
}
