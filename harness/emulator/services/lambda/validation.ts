/**
 * Input Lambda refuses before creating anything (FACTS.md: Lambda): more than one architecture or an
 * unknown one (a model constraint, so ValidationException), environment variables Lambda sets itself,
 * and tag keys with AWS's `aws:` prefix (InvalidParameterValueException).
 */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import type { Architecture } from './store.js'

const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64']

function architecturesViolation(list: unknown[]): string | undefined {
  if (list.length > 1) return 'Member must have length less than or equal to 1'
  if (list.length === 0) return 'Member must have length greater than or equal to 1'
  if (!ARCHITECTURES.includes(list[0] as Architecture)) {
    return 'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]'
  }
  return undefined
}

/** A model constraint: ValidationException, checked before the service's own rules (FACTS.md: Lambda). */
export function readArchitecture(ctx: RequestContext): Architecture {
  const given = ctx.params.Architectures
  if (given === undefined || given === null) return 'x86_64'
  const list: unknown[] = Array.isArray(given) ? given : [given]
  const violation = architecturesViolation(list)
  if (violation) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '[${list.map(String).join(', ')}]' at 'architectures' failed to satisfy constraint: ${violation}`,
    )
  }
  return list[0] as Architecture
}

/** Keys Lambda sets itself ("Defined runtime environment variables", configuration-envvars.html). */
const RESERVED_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
])

export function assertUnreservedVariables(ctx: RequestContext): void {
  const variables = (ctx.params.Environment as { Variables?: unknown } | undefined)?.Variables
  if (!variables || typeof variables !== 'object') return
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.has(key))
  if (reserved.length > 0) {
    throw new AwsError(
      'InvalidParameterValueException',
      'Lambda was unable to configure your environment variables because the environment variables you have provided ' +
        `contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    )
  }
}

/** `aws:` in any letter case is AWS's (Tag Editor user guide, "Tag naming limits and requirements"). */
export function assertTagKeys(tags: Record<string, string>): void {
  const reserved = Object.keys(tags).find((key) => key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Tag keys beginning with 'aws:' are reserved for AWS use: ${reserved}`,
    )
  }
}
