/**
 * Authorization benchmark, one process on one core: decisions/s of authorizeRequest for a tagged
 * CreateLogGroup (the primary check plus the two timeline-driven tag-on-create alternatives) by a
 * realistic caller: an assumed role with an inline policy, a permissions boundary, and an SCP besides
 * FullAWSAccess on the member account. Requests/s over HTTP, with the server's CPU measured in the
 * server's own process, are in moto-compare.ts.
 * Run: `npx tsx harness/bench/authz-bench.ts`; `runAuthzBench()` feeds `npm run bench`.
 */
import { authorizeRequest } from '../emulator/authz/index.js'
import { createAccountRecord, FULL_AWS_ACCESS_POLICY_ID } from '../emulator/core/bootstrap.js'
import type { CredentialRecord, EmulatorState } from '../emulator/core/state.js'
import type { Caller, RequestContext } from '../emulator/core/types.js'
import { startEmulator } from '../emulator/server.js'
import { createRoleRecord } from '../emulator/services/iam/propagation.js'
import logs from '../emulator/services/logs/index.js'

export interface AuthzBenchOptions {
  /** Timed authorization decisions. Default 50,000. */
  decisions?: number
}

export interface AuthzBenchResult {
  caller: string
  decisionsPerSecond: number
  /** Checks evaluated per decision (CreateLogGroup with tags after the 2022 Logs change: 3). */
  checksPerDecision: number
}

const ACCOUNT = '222233334444'
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** A member account with an SCP, a boundary policy and a role session, written straight into state. */
function seedCaller(state: EmulatorState): CredentialRecord {
  const org = state.organization!
  const account = createAccountRecord(state, {
    id: ACCOUNT,
    name: 'bench',
    email: 'bench@example.com',
    parentId: org.rootId,
  })
  org.policies.set('p-benchdeny', {
    id: 'p-benchdeny',
    arn: `arn:aws:organizations::${org.masterAccountId}:policy/${org.id}/service_control_policy/p-benchdeny`,
    name: 'deny-iam',
    description: 'bench',
    type: 'SERVICE_CONTROL_POLICY',
    content: doc([{ Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' }]),
    awsManaged: false,
  })
  org.attachments.set(ACCOUNT, new Set([FULL_AWS_ACCESS_POLICY_ID, 'p-benchdeny']))
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/bench-boundary`
  const now = state.clock.now()
  account.iam.policies.set(boundaryArn, {
    arn: boundaryArn,
    policyName: 'bench-boundary',
    policyId: 'ANPABENCHBOUNDARY0001',
    path: '/',
    defaultVersionId: 'v1',
    versions: [
      {
        versionId: 'v1',
        document: doc([{ Effect: 'Allow', Action: ['logs:*', 'ecr:*'], Resource: '*' }]),
        createDate: now,
      },
    ],
    createdAt: now,
    updatedAt: now,
    awsManaged: false,
    tags: [],
  })
  const role = createRoleRecord(state, account, {
    roleName: 'harness-minimal',
    trustPolicy: doc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.masterAccountId}:root` }, Action: 'sts:AssumeRole' },
    ]),
    permissionsBoundaryArn: boundaryArn,
    effectiveImmediately: true,
  })
  const inline = doc([
    {
      Sid: 'Logs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogGroups', 'logs:TagResource'],
      Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:*`,
    },
    {
      Sid: 'Tags',
      Effect: 'Allow',
      Action: 'logs:TagLogGroup',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'harness' } },
    },
    { Sid: 'NoDelete', Effect: 'Deny', Action: 'logs:DeleteLogGroup', Resource: '*' },
  ])
  role.current.inlinePolicies['minimal'] = inline
  role.versions[0]!.permissions.inlinePolicies['minimal'] = inline
  const caller: Caller = {
    accountId: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/harness-minimal/bench`,
    principalType: 'assumed-role',
    userId: `${role.roleId}:bench`,
    accessKeyId: 'ASIABENCHAUTHZ000001',
    roleArn: role.arn,
    roleName: role.roleName,
    sessionName: 'bench',
    tokenVersion: 'v2',
    expiresAt: new Date(now.getTime() + 12 * 3_600_000),
  }
  const credential: CredentialRecord = {
    accessKeyId: caller.accessKeyId,
    secretAccessKey: 'bench-secret-not-a-real-key',
    sessionToken: 'bench-session-token',
    caller,
    issuedAt: now,
    expiresAt: caller.expiresAt,
  }
  state.credentials.set(credential.accessKeyId, credential)
  return credential
}

function measureDecisions(state: EmulatorState, caller: Caller, decisions: number) {
  const operation = logs.operations['CreateLogGroup']!
  const context = (index: number): RequestContext => ({
    requestId: `bench-${index}`,
    service: 'logs',
    region: 'eu-west-1',
    operation: 'CreateLogGroup',
    protocol: 'json',
    params: { logGroupName: `bench-${index % 100}`, tags: { team: 'harness' } },
    caller,
    now: state.clock.now(),
    state,
    sourceIp: '127.0.0.1',
    secureTransport: false,
    globalEndpoint: false,
    authorization: [],
  })
  for (let i = 0; i < 2_000; i++) authorizeRequest(context(i), logs, operation)
  const probe = context(0)
  authorizeRequest(probe, logs, operation)
  const started = performance.now()
  for (let i = 0; i < decisions; i++) authorizeRequest(context(i), logs, operation)
  const seconds = (performance.now() - started) / 1000
  return { decisionsPerSecond: Math.round(decisions / seconds), checksPerDecision: probe.authorization.length }
}

export async function runAuthzBench(options: AuthzBenchOptions = {}): Promise<AuthzBenchResult> {
  const emulator = await startEmulator({ port: 0 })
  try {
    const credential = seedCaller(emulator.state)
    const decisions = measureDecisions(emulator.state, credential.caller, options.decisions ?? 50_000)
    return { caller: credential.caller.arn, ...decisions }
  } finally {
    await emulator.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAuthzBench().then((result) => console.log(JSON.stringify(result, null, 2)))
}
