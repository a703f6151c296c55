import type { ServiceDefinition } from './types.js'

/** Every X-Amz-Target prefix an awsJson service answers to (SDK v3's and botocore's forms). */
export function targetPrefixesOf(service: ServiceDefinition): string[] {
  return service.targetPrefix ? [service.targetPrefix, ...(service.alternateTargetPrefixes ?? [])] : []
}
