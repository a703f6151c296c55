/**
 * Which policies apply to a caller, read from emulator state: identity policies (user policies, or
 * the assumed role's EFFECTIVE permissions after IAM propagation), the permissions boundary,
 * session policies, and one SCP level per node of the account's OU path (member accounts only).
 */
import type { NamedPolicy, ParsedPolicy, PolicyDocument } from '../../policy/types.js'
import {
  type AccountRecord,
  type EmulatorState,
  effectiveRolePermissions,
  type ManagedPolicyRecord,
} from '../core/state.js'
import type { Caller } from '../core/types.js'

export interface PolicySources {
  identityPolicies: NamedPolicy[]
  permissionsBoundary?: NamedPolicy
  sessionPolicies?: NamedPolicy[]
  serviceControlPolicies?: NamedPolicy[][]
}

const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
const PARSE_CACHE_LIMIT = 5000
const parsed = new Map<string, ParsedPolicy>()
const EMPTY_POLICY: ParsedPolicy = { document: { Statement: [] }, statements: [] }

/**
 * Parses a stored document once. Documents were validated by the API that stored them, so this only
 * reads JSON (URL-encoded text too); unreadable text grants nothing. The returned object is stable,
 * so the evaluator's compiled-policy cache (keyed by object) hits on every request.
 */
export function parsedPolicy(text: string): ParsedPolicy {
  let policy = parsed.get(text)
  if (policy) return policy
  try {
    const document = JSON.parse(text.startsWith('%') ? decodeURIComponent(text) : text) as PolicyDocument
    const statements = [document.Statement ?? []].flat().filter((statement) => typeof statement === 'object')
    policy = { document, statements }
  } catch {
    policy = EMPTY_POLICY
  }
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear()
  parsed.set(text, policy)
  return policy
}

const named = (id: string, text: string): NamedPolicy => ({ id, document: parsedPolicy(text) })

/** `region`: where the request is served; a role change reaches slow regions later (iamPropagationByRegionMs). */
export function collectPolicySources(state: EmulatorState, caller: Caller, now: Date, region?: string): PolicySources {
  const account = state.accounts.get(caller.accountId)
  const sources: PolicySources = { identityPolicies: [] }
  if (!account) return sources
  if (caller.principalType === 'root') sources.identityPolicies.push(named('root', ALLOW_ALL))
  else if (caller.principalType === 'user') addUserPolicies(state, account, caller, sources)
  else addRolePolicies(state, account, caller, now, sources, state.regionalPropagationLagMs(region))
  const session = sessionPolicies(state, account, caller)
  if (session.length > 0) sources.sessionPolicies = session
  sources.serviceControlPolicies = serviceControlPolicyLevels(state, account)
  return sources
}

function addUserPolicies(state: EmulatorState, account: AccountRecord, caller: Caller, sources: PolicySources) {
  const name = caller.userName ?? caller.arn.split('/').pop() ?? ''
  const user = account.iam.users.get(name) ?? account.iam.users.get(name.toLowerCase())
  if (!user) return
  for (const [policyName, text] of Object.entries(user.inlinePolicies))
    sources.identityPolicies.push(named(policyName, text))
  for (const arn of user.attachedPolicyArns) pushManaged(state, account, arn, sources.identityPolicies)
  if (user.permissionsBoundaryArn) sources.permissionsBoundary = managed(state, account, user.permissionsBoundaryArn)
}

function addRolePolicies(
  state: EmulatorState,
  account: AccountRecord,
  caller: Caller,
  now: Date,
  sources: PolicySources,
  lagMs: number,
) {
  const role = caller.roleName ? account.iam.roles.get(caller.roleName.toLowerCase()) : undefined
  const effective = role && !role.deleted ? effectiveRolePermissions(role, now, lagMs) : undefined
  if (!effective) return
  for (const [policyName, text] of Object.entries(effective.inlinePolicies)) {
    sources.identityPolicies.push(named(policyName, text))
  }
  for (const arn of effective.attachedPolicyArns) pushManaged(state, account, arn, sources.identityPolicies)
  if (effective.permissionsBoundaryArn) {
    sources.permissionsBoundary = managed(state, account, effective.permissionsBoundaryArn)
  }
}

function sessionPolicies(state: EmulatorState, account: AccountRecord, caller: Caller): NamedPolicy[] {
  const policies: NamedPolicy[] = []
  if (caller.sessionPolicy) policies.push(named('session policy', caller.sessionPolicy))
  for (const arn of caller.sessionPolicyArns ?? []) pushManaged(state, account, arn, policies)
  // A managed session policy ARN that does not resolve still makes this a session with a policy set.
  if (policies.length === 0 && (caller.sessionPolicyArns?.length ?? 0) > 0)
    policies.push(named('session', '{"Statement":[]}'))
  return policies
}

function pushManaged(state: EmulatorState, account: AccountRecord, arn: string, into: NamedPolicy[]) {
  const policy = managed(state, account, arn)
  if (policy) into.push(policy)
}

function managed(state: EmulatorState, account: AccountRecord, arn: string): NamedPolicy | undefined {
  const record = state.awsManagedPolicies.get(arn) ?? account.iam.policies.get(arn)
  const text = record ? defaultVersionDocument(record) : arn === ADMINISTRATOR_ACCESS_ARN ? ALLOW_ALL : undefined
  return text === undefined ? undefined : named(arn, text)
}

function defaultVersionDocument(record: ManagedPolicyRecord): string | undefined {
  return record.versions.find((version) => version.versionId === record.defaultVersionId)?.document
}

/**
 * One level per node on the path root → OUs → account, each holding the SCPs attached there.
 * Undefined for the management account, or when SCPs are not enabled (then SCPs never apply).
 * A node with no SCP attached adds no level (AWS always keeps at least FullAWSAccess attached).
 */
export function serviceControlPolicyLevels(state: EmulatorState, account: AccountRecord): NamedPolicy[][] | undefined {
  const org = state.organization
  if (!org || account.id === org.masterAccountId || !org.enabledPolicyTypes.has('SERVICE_CONTROL_POLICY'))
    return undefined
  const path = [account.id]
  let parent: string | undefined = account.parentId
  for (let depth = 0; parent && parent !== org.rootId && depth < 10; depth++) {
    path.unshift(parent)
    parent = org.ous.get(parent)?.parentId
  }
  path.unshift(org.rootId)
  const levels: NamedPolicy[][] = []
  for (const target of path) {
    const level: NamedPolicy[] = []
    for (const policyId of org.attachments.get(target) ?? []) {
      const policy = org.policies.get(policyId)
      if (policy?.type === 'SERVICE_CONTROL_POLICY') level.push(named(policy.arn, policy.content))
    }
    if (level.length > 0) levels.push(level)
  }
  return levels.length > 0 ? levels : undefined
}
