/**
 * Reading a template: JSON only (no YAML parser is among the project's dependencies), `Resources`
 * required, every type one the emulator provisions. Texts: "Template format error: …" as
 * CloudFormation's ValidationError writes them ("Unrecognized resource types: [...]",
 * "At least one Resources member must be defined.").
 */
import { AwsError } from '../../core/errors.js'
import type { TemplateResource } from './provision.js'
import { resourceTags, SUPPORTED_TYPES } from './resource-types.js'

const formatError = (detail: string) => new AwsError('ValidationError', `Template format error: ${detail}`)

export function readTemplate(body: string, stackTags: Record<string, string>): TemplateResource[] {
  let template: { Resources?: Record<string, { Type?: unknown; Properties?: Record<string, unknown> }> }
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
  return Object.entries(resources).map(([logicalId, resource]) => {
    const type = String(resource.Type)
    const properties = resource.Properties ?? {}
    return { logicalId, type, properties, tags: { ...stackTags, ...resourceTags(type, properties) } }
  })
}
