/** Shared provisioning types: the target, vended accounts, sessions and the progress events they emit. */
import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types'
import type { ExpectedDurations } from './retry.js'

/** Where provisioning talks to: the embedded emulator or real AWS. The same code serves both. */
export interface AwsTarget {
  kind: 'local' | 'aws'
  /** Emulator endpoint; undefined on real AWS (standard endpoints). */
  endpoint?: string
  /** Emulator's global STS endpoint; undefined on AWS. */
  globalStsEndpoint?: string
  /** Management-account credentials (emulator: test/test; AWS: the standard chain / profile / role). */
  managementCredentials: AwsCredentialIdentityProvider
  /** Region for global control planes and management STS calls (default us-east-1). */
  homeRegion: string
  /**
   * The target's current time. The emulator's simulated clock can start in the past and jump ahead,
   * so credential expiry is judged against it; undefined means the local clock (real AWS).
   */
  now?: () => Promise<Date>
  /** False when the management credentials cannot be refreshed (static environment variables). */
  credentialsRefreshable?: boolean
  /**
   * The emulator's time scale (its durations are AWS's multiplied by it): the embedded emulator's, or on
   * --target aws that of a harness emulator behind AWS_ENDPOINT_URL; undefined on AWS.
   */
  timeScale?: number
  /**
   * On an emulator: its own durations (real-AWS ms, before the time scale) for the waits harness polls,
   * which `harness emulator start` flags or its control API may have changed from AWS's; absent on AWS.
   */
  expectedMs?: ExpectedDurations
  /** Who the management credentials belong to, as STS GetCallerIdentity reported it. */
  managementIdentity?: { accountId: string; arn: string }
}

export type ProvisionEvent =
  | { type: 'account-requested'; requestId: string }
  | { type: 'account-ready'; accountId: string; waitedMs: number }
  | { type: 'region-status'; region: string; status: string }
  | { type: 'region-ready'; region: string; enabledDuringRun: boolean; waitedMs: number }
  | { type: 'role-ready'; roleArn: string; waitedMs: number }
  | {
      type: 'retry'
      what: string
      attempt: number
      errorName: string
      /** The documented not-ready answer of a wait (a new role's AccessDenied while IAM propagates), not a fault. */
      expected?: boolean
    }

export type ProgressListener = (event: ProvisionEvent) => void

/** How new member accounts are named and placed. */
export interface AccountNaming {
  /** Contains `{id}`, replaced by a unique suffix, e.g. 'aws+harness-{id}@example.com'. */
  emailTemplate: string
  namePrefix: string
  organizationalUnitId?: string
  tags: Record<string, string>
}

export interface VendedAccount {
  accountId: string
  createdAt: Date
  fresh: boolean
  accountName: string
  email: string
  /**
   * When this process saw the creation finished (Date.now()); absent for a reused account. The emulator's
   * OrganizationAccountAccessRole delay is counted from it, not from whenever the session opens.
   */
  seenReadyAt?: number
}

export interface RegionReadiness {
  region: string
  optInStatus: string
  enabledDuringRun: boolean
  ready: boolean
  error?: string
  /**
   * For a region this run enabled: when it became ENABLED by this process's best estimate (Date.now()),
   * never later than it was seen so; the emulator's settle delay is counted from it.
   */
  enabledAt?: number
}

export interface HarnessRole {
  roleArn: string
  roleName: string
  externalId: string
}

export interface ClientConfig {
  region: string
  endpoint?: string
  credentials: AwsCredentialIdentityProvider
  maxAttempts?: number
  /** On an emulator target: the SDK's retries with waits on its time scale (sdk-retry.ts). */
  retryStrategy?: RetryStrategyV2
}

export interface AccountSession {
  target: AwsTarget
  account: VendedAccount
  /** OrganizationAccountAccessRole creds via that region's STS, cached and refreshed before expiry. */
  adminCredentials(region: string): AwsCredentialIdentityProvider
  /** Set by createHarnessRole. */
  role?: HarnessRole
  /** Minimal-role creds via that region's STS endpoint, refreshed before the 1 h chaining cap. */
  minimalCredentials(region: string): AwsCredentialIdentityProvider
  clientConfig(region: string, credentials: AwsCredentialIdentityProvider): ClientConfig
}

/** Any AWS SDK v3 client class: constructed with a config object. */
export type SdkClientClass<C> = new (config: any) => C

/** Builds an SDK client for one region with a fixed set of credentials. */
export type ClientFactory = <C>(ClientClass: SdkClientClass<C>) => C
