/**
 * Which authorization checks (action, resource ARN) a recorded call implies, for real AWS, which keeps no record
 * of its checks. The answer comes from the emulator's own per-operation definitions (each operation's `authorize`
 * names the action and builds the real ARN), evaluated without a server on a throwaway state, so there is one copy
 * of the ARN formats. A step's recorded call carries only its action (scenarios run in worker threads and
 * runtime/step-calls.ts keeps no parameters), so the definitions see empty parameters: the ARN keeps its service,
 * resource type and structure, and generalizeArn (narrow.ts) turns the missing name into `*`.
 */
import { EmulatorState } from '../emulator/core/state.js'
import type { AuthCheck, RequestContext, ServiceDefinition } from '../emulator/core/types.js'
import { loadAllServices } from '../emulator/services/index.js'
import { resourceTypesOf } from '../policy/resource-types.js'
import type { ProbeCheck } from './probe.js'

/** The checks a successful `action` call implies in `region`; none when no emulated operation defines it. */
export async function impliedChecks(action: string, region: string, accountId: string): Promise<ProbeCheck[]> {
  const [prefix = '', operation = ''] = action.split(':')
  const service = serviceOf(await loadAllServices(), prefix)
  const definition = service?.operations[operation]
  if (!service || !definition?.authorize) return []
  let checks: AuthCheck[]
  try {
    checks = definition.authorize(requestContext(service, operation, region, accountId))
  } catch {
    // An operation whose checks need its parameters implies nothing here; its action still counts (probe.ts).
    return []
  }
  return checks
    .filter((check) => check.reason === undefined || check.reason === 'primary')
    .filter((check) => check.resource.startsWith('arn:'))
    .map((check) => ({ action: check.action, resource: check.resource, operation, region, decision: 'Allowed' }))
}

function serviceOf(services: ReadonlyMap<string, ServiceDefinition>, iamPrefix: string): ServiceDefinition | undefined {
  for (const service of services.values()) if (service.iamPrefix === iamPrefix) return service
  return undefined
}

function requestContext(
  service: ServiceDefinition,
  operation: string,
  region: string,
  accountId: string,
): RequestContext {
  const now = new Date()
  return {
    requestId: 'minimize',
    service: service.signingName,
    region,
    operation,
    protocol: service.protocol,
    params: {},
    caller: {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/harness-minimal/minimize`,
      principalType: 'assumed-role',
      userId: 'AROA:minimize',
      accessKeyId: '',
      roleArn: `arn:aws:iam::${accountId}:role/harness-minimal`,
      roleName: 'harness-minimal',
      sessionName: 'minimize',
    },
    now,
    // A fresh state: no resource exists, so the checks depend on the operation alone.
    state: new EmulatorState({ date: now }),
    sourceIp: '0.0.0.0',
    secureTransport: true,
    globalEndpoint: false,
    authorization: [],
    serviceDefinition: service,
  }
}

/**
 * For an action whose operation the emulator does not define, or whose checks need its parameters (e.g.
 * TerminateInstances' instance ids): the ARN formats of the resource types the IAM catalogue marks required for
 * it, every variable a wildcard. None when it lists none (Describe*): those checks are on `*`.
 */
export async function catalogueChecks(action: string, region: string): Promise<ProbeCheck[]> {
  const required = ((await resourceTypesOf(action)) ?? []).filter((type) => type.required)
  const operation = action.split(':')[1] ?? action
  return required.map((type) => ({
    action,
    resource: type.arn.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{[^}]*\}/g, '*'),
    operation,
    region,
    decision: 'Allowed' as const,
  }))
}
