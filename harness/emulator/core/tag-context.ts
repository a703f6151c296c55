/**
 * Tags as IAM condition context, shared by the services that carry tags as `[{Key, Value}]` lists
 * or `{key: value}` maps: `aws:RequestTag/<key>` and `aws:TagKeys` for tags in the request,
 * `aws:ResourceTag/<key>` for tags on the resource (IAM UG, "Controlling access to AWS resources
 * using tags": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html).
 */
import type { AuthCheck, Tag } from './types.js'

export type ConditionContext = NonNullable<AuthCheck['context']>

/** `[{Key, Value}]` as a map; entries without a string Key are ignored (validation reports them). */
export function tagListToMap(tags: unknown): Record<string, string> {
  const map: Record<string, string> = {}
  if (!Array.isArray(tags)) return map
  for (const tag of tags as Array<Partial<Tag>>) {
    if (typeof tag?.Key === 'string') map[tag.Key] = String(tag.Value ?? '')
  }
  return map
}

export function requestTagContext(tags: Record<string, string>): ConditionContext {
  const context: ConditionContext = { 'aws:TagKeys': Object.keys(tags) }
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value
  return context
}

export function resourceTagContext(tags: Record<string, string> | undefined): ConditionContext {
  const context: ConditionContext = {}
  for (const [key, value] of Object.entries(tags ?? {})) context[`aws:ResourceTag/${key}`] = value
  return context
}
