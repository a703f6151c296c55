/**
 * All emulator state, in memory, keyed by account and region like AWS. Services keep their own
 * typed stores through regionStore()/accountStore(); shared records (accounts, organization,
 * IAM, credentials, audit) are typed here because authorization reads them across services.
 */
import type { FaultRule } from '../faults/types.js'
import type { TimelineChange } from '../timeline/types.js'
import { BoundedLog, DEFAULT_AUDIT_WINDOW } from './audit-window.js'
import { SimulatedClock } from './clock.js'
import type { AuthorizationRecord, Caller, Tag } from './types.js'

/** Real-AWS durations in ms, before time scaling. */
export interface Durations {
  createAccountMs: number
  enableRegionMs: number
  disableRegionMs: number
  closeAccountMs: number
  iamPropagationMs: number
  instanceStateChangeMs: number
  perCallLatencyMs: number
  /** After CreateAccount SUCCEEDED, until OrganizationAccountAccessRole can be assumed ("wait a few minutes"). */
  accountAccessDelayMs: number
  /** After a region reports ENABLED, until its services accept the account's calls. */
  regionSettleMs: number
  /** After CloseAccount, until the account is permanently closed and leaves the organization (90 days). */
  postClosurePeriodMs: number
  /** The rolling window of the CloseAccount quota (30 days). */
  closeQuotaWindowMs: number
  /** The token-bucket period of per-account rate limits (EnableRegion 1/s, GetRegionOptStatus 5/s). */
  rateLimitPeriodMs: number
  /** How long after a call its CloudTrail event becomes visible to LookupEvents. */
  cloudTrailDeliveryMs: number
}

export const DEFAULT_DURATIONS: Durations = {
  createAccountMs: 60_000,
  enableRegionMs: 5 * 60_000,
  disableRegionMs: 5 * 60_000,
  closeAccountMs: 60_000,
  iamPropagationMs: 10_000,
  instanceStateChangeMs: 15_000,
  perCallLatencyMs: 0,
  // Sources for the lifecycle durations: shared/aws-facts.md §11 (CreateAccount API reference "wait a
  // few minutes"; Organizations quotas page: 90-day post-closure period; CloseAccount model: rolling
  // 30 days; Account Management quotas page: EnableRegion 1 rps, GetRegionOptStatus 5 rps).
  accountAccessDelayMs: 2 * 60_000,
  regionSettleMs: 30_000,
  postClosurePeriodMs: 90 * 24 * 60 * 60_000,
  closeQuotaWindowMs: 30 * 24 * 60 * 60_000,
  rateLimitPeriodMs: 1_000,
  // "CloudTrail typically delivers logs within an average of about 5 minutes of an API call. This time is
  // not guaranteed." https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
  cloudTrailDeliveryMs: 5 * 60_000,
}

export const MANAGEMENT_ACCOUNT_ID = '111111111111'
export const AWS_MANAGED_POLICY_ACCOUNT = 'aws'

export interface RegionOptRecord {
  status: 'ENABLING' | 'ENABLED' | 'DISABLING' | 'DISABLED'
  /** When ENABLING/DISABLING completes on the simulated clock. */
  readyAt: Date
}

export interface RolePermissions {
  trustPolicy: string
  inlinePolicies: Record<string, string>
  attachedPolicyArns: string[]
  permissionsBoundaryArn?: string
}

export interface RoleRecord {
  roleId: string
  roleName: string
  path: string
  arn: string
  createdAt: Date
  description?: string
  maxSessionDuration: number
  tags: Tag[]
  /** What GetRole shows now. */
  current: RolePermissions
  /** Every state the role has had, each taking effect after IAM propagation (see effectiveRolePermissions). */
  versions: Array<{ effectiveAt: Date; permissions: RolePermissions }>
  deleted?: boolean
}

export interface UserRecord {
  userName: string
  userId: string
  arn: string
  path: string
  createdAt: Date
  inlinePolicies: Record<string, string>
  attachedPolicyArns: string[]
  permissionsBoundaryArn?: string
  tags: Tag[]
}

export interface ManagedPolicyRecord {
  arn: string
  policyName: string
  policyId: string
  path: string
  description?: string
  defaultVersionId: string
  versions: Array<{ versionId: string; document: string; createDate: Date }>
  createdAt: Date
  updatedAt: Date
  awsManaged: boolean
  tags: Tag[]
}

export interface IamAccountStore {
  /** Keyed by lower-cased role name: IAM names are case-insensitive. */
  roles: Map<string, RoleRecord>
  users: Map<string, UserRecord>
  /** Customer managed policies by ARN. AWS managed ones live in EmulatorState.awsManagedPolicies. */
  policies: Map<string, ManagedPolicyRecord>
  globalEndpointTokenVersion: 'v1Token' | 'v2Token'
}

export interface AccountRecord {
  id: string
  arn: string
  name: string
  email: string
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE'
  joinedMethod: 'CREATED' | 'INVITED'
  joinedAt: Date
  createdAt: Date
  /** Organization parent (root or OU id). */
  parentId: string
  closeRequestedAt?: Date
  /** When PENDING_CLOSURE turns SUSPENDED on the simulated clock. */
  suspendAt?: Date
  /** Opt-in regions only; absent means DISABLED. Default regions are always ENABLED_BY_DEFAULT. */
  regions: Map<string, RegionOptRecord>
  /** Freshness ledger: region → keys of calls that have succeeded there (e.g. 'logs:CreateLogGroup+tags'). */
  usage: Map<string, Set<string>>
  iam: IamAccountStore
}

export interface OrganizationalUnitRecord {
  id: string
  arn: string
  name: string
  parentId: string
}

export interface OrgPolicyRecord {
  id: string
  arn: string
  name: string
  description: string
  type:
    | 'SERVICE_CONTROL_POLICY'
    | 'TAG_POLICY'
    | 'BACKUP_POLICY'
    | 'AISERVICES_OPT_OUT_POLICY'
    | 'RESOURCE_CONTROL_POLICY'
  content: string
  awsManaged: boolean
}

export interface CreateAccountRequestRecord {
  id: string
  accountName: string
  email: string
  roleName: string
  tags: Tag[]
  requestedAt: Date
  /** When the request completes on the simulated clock. */
  completesAt: Date
  /** Decided at request time; applied when it completes. */
  outcome: { state: 'SUCCEEDED'; accountId: string } | { state: 'FAILED'; failureReason: string }
  /** Set once the account exists, so an account that later left the organization is not made again. */
  materialized?: boolean
}

export interface OrganizationRecord {
  id: string
  arn: string
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING'
  masterAccountId: string
  masterAccountEmail: string
  rootId: string
  rootArn: string
  ous: Map<string, OrganizationalUnitRecord>
  policies: Map<string, OrgPolicyRecord>
  /** target id (root, OU or account) → attached policy ids */
  attachments: Map<string, Set<string>>
  enabledPolicyTypes: Set<string>
  /** service principal → when trusted access was enabled */
  serviceAccess: Map<string, Date>
  createAccountRequests: Map<string, CreateAccountRequestRecord>
  /** resource id → tags */
  tags: Map<string, Tag[]>
  maxAccounts: number
}

export interface CredentialRecord {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  caller: Caller
  issuedAt: Date
  expiresAt?: Date
}

export interface CallRecord {
  time: string
  requestId: string
  accountId: string
  region: string
  service: string
  operation: string
  principalArn: string
  /** The access key id only; the secret is never recorded. */
  accessKeyId: string
  outcome: 'success' | 'error'
  errorCode?: string
  httpStatus: number
  authorization: AuthorizationRecord[]
}

export interface CloudTrailEventRecord {
  eventId: string
  eventTime: Date
  /** When LookupEvents starts returning it (eventTime + the delivery delay). */
  visibleAt: Date
  eventName: string
  eventSource: string
  awsRegion: string
  accountId: string
  readOnly: boolean
  accessKeyId: string
  username: string
  userIdentity: Record<string, unknown>
  requestParameters: unknown
  responseElements: unknown
  errorCode?: string
  errorMessage?: string
  requestId: string
  sourceIPAddress: string
  userAgent: string
  resources: Array<{ ResourceType: string; ResourceName: string }>
}

/** One live resource, as `GET /_emulator/resources` lists it. */
export interface EmulatorResource {
  accountId: string
  region: string
  type: string
  id: string
  arn?: string
  tags: Record<string, string>
}

export interface EmulatorStateOptions {
  date?: Date
  /** Multiplies every simulated duration (0.001 makes a 60 s account creation take 60 ms). Default 1. */
  timeScale?: number
  durations?: Partial<Durations>
  timeline?: TimelineChange[]
  faults?: FaultRule[]
  seed?: number
  maxAccounts?: number
  /** Calls (and CloudTrail events) kept in memory, newest first out. Default 10,000. */
  auditWindow?: number
  /**
   * Extra real-AWS ms before a role change is in force in these regions' data planes, on top of
   * iamPropagationMs: IAM's control plane is in us-east-1 and propagates region by region (IAM UG
   * "Resilience in IAM"; aws-cdk PR 29871; shared/aws-facts.md). Scaled by timeScale like every duration.
   */
  iamPropagationByRegionMs?: Record<string, number>
}

export class EmulatorState {
  clock: SimulatedClock
  durations: Durations
  organization: OrganizationRecord | undefined
  readonly accounts = new Map<string, AccountRecord>()
  readonly credentials = new Map<string, CredentialRecord>()
  readonly awsManagedPolicies = new Map<string, ManagedPolicyRecord>()
  /** The call audit (`/_emulator/calls`) and CloudTrail history, each a bounded window (audit-window.ts). */
  readonly callLog: BoundedLog<CallRecord>
  readonly cloudTrailLog: BoundedLog<CloudTrailEventRecord>
  timeline: TimelineChange[]
  faults: FaultRule[]
  seed: number
  iamPropagationByRegionMs: Record<string, number>
  private readonly stores = new Map<string, unknown>()

  constructor(readonly options: EmulatorStateOptions = {}) {
    this.clock = new SimulatedClock(options.date ?? new Date(), options.timeScale ?? 1)
    this.durations = { ...DEFAULT_DURATIONS, ...options.durations }
    this.organization = undefined
    this.timeline = options.timeline ?? []
    this.faults = options.faults ?? []
    this.seed = options.seed ?? 1
    this.callLog = new BoundedLog(options.auditWindow ?? DEFAULT_AUDIT_WINDOW)
    this.cloudTrailLog = new BoundedLog(options.auditWindow ?? DEFAULT_AUDIT_WINDOW)
    this.iamPropagationByRegionMs = { ...options.iamPropagationByRegionMs }
  }

  /** The retained calls, oldest first. */
  get calls(): CallRecord[] {
    return this.callLog.entries
  }

  /** The retained CloudTrail events, oldest first. */
  get cloudTrail(): CloudTrailEventRecord[] {
    return this.cloudTrailLog.entries
  }

  /** How much later than elsewhere a role change is in force in this region (simulated ms). */
  regionalPropagationLagMs(region: string | undefined): number {
    return region ? this.clock.scaled(this.iamPropagationByRegionMs[region] ?? 0) : 0
  }

  /** A service's state for one account and region, created on first use. */
  regionStore<T>(service: string, accountId: string, region: string, init: () => T): T {
    return this.store(`${service}|${accountId}|${region}`, init)
  }

  /** A service's state for one account (global services), created on first use. */
  accountStore<T>(service: string, accountId: string, init: () => T): T {
    return this.store(`${service}|${accountId}`, init)
  }

  /** Every store of one service, with the account and region it belongs to. */
  *storesOf<T>(service: string): Generator<{ accountId: string; region?: string; store: T }> {
    for (const [key, store] of this.stores) {
      const [svc, accountId, region] = key.split('|')
      if (svc === service && accountId) yield { accountId, region, store: store as T }
    }
  }

  clearStores(): void {
    this.stores.clear()
  }

  private store<T>(key: string, init: () => T): T {
    let value = this.stores.get(key) as T | undefined
    if (value === undefined) {
      value = init()
      this.stores.set(key, value)
    }
    return value
  }
}

/** The role as authorization sees it now: the newest version whose propagation has completed. */
export function effectiveRolePermissions(role: RoleRecord, now: Date, lagMs = 0): RolePermissions | undefined {
  let effective: RolePermissions | undefined
  for (const version of role.versions) {
    if (version.effectiveAt.getTime() + lagMs <= now.getTime()) effective = version.permissions
  }
  return effective
}
