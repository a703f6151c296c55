/**
 * The state a fresh emulator starts with: an organization (all features, SCPs enabled with
 * FullAWSAccess on the root, trusted access for account.amazonaws.com) whose management account
 * 111111111111 has an administrator whose documented credentials are `test` / `test`, plus the
 * AWS managed IAM policies roles can attach.
 */
import { newLowerId } from './ids.js'
import {
  type AccountRecord,
  AWS_MANAGED_POLICY_ACCOUNT,
  type EmulatorState,
  MANAGEMENT_ACCOUNT_ID,
  type ManagedPolicyRecord,
  type OrganizationRecord,
} from './state.js'

export const ADMIN_ACCESS_KEY_ID = 'test'
export const ADMIN_SECRET_ACCESS_KEY = 'test'
export const ADMIN_USER_NAME = 'admin'
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
export const FULL_AWS_ACCESS_POLICY_ID = 'p-FullAWSAccess'
export const DEFAULT_MAX_ACCOUNTS = 10

/** The ARN Organizations gives a member account. */
export function organizationAccountArn(orgId: string, accountId: string): string {
  return `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${orgId}/${accountId}`
}

export function createAccountRecord(
  state: EmulatorState,
  input: { id: string; name: string; email: string; parentId: string; joinedMethod?: 'CREATED' | 'INVITED' },
): AccountRecord {
  const now = state.clock.now()
  const account: AccountRecord = {
    id: input.id,
    arn: organizationAccountArn(state.organization?.id ?? 'o-placeholder', input.id),
    name: input.name,
    email: input.email,
    status: 'ACTIVE',
    joinedMethod: input.joinedMethod ?? 'CREATED',
    joinedAt: now,
    createdAt: now,
    parentId: input.parentId,
    regions: new Map(),
    usage: new Map(),
    iam: { roles: new Map(), users: new Map(), policies: new Map(), globalEndpointTokenVersion: 'v1Token' },
  }
  state.accounts.set(account.id, account)
  return account
}

/** A new organization managed by `masterAccountId`, with SCPs enabled and FullAWSAccess on its root. */
export function createOrganizationRecord(
  state: EmulatorState,
  input: { masterAccountId: string; masterAccountEmail: string; featureSet?: 'ALL' | 'CONSOLIDATED_BILLING' },
): OrganizationRecord {
  const id = newLowerId('o-', 10)
  const rootId = newLowerId('r-', 4)
  const master = input.masterAccountId
  const allFeatures = (input.featureSet ?? 'ALL') === 'ALL'
  const organization: OrganizationRecord = {
    id,
    arn: `arn:aws:organizations::${master}:organization/${id}`,
    featureSet: input.featureSet ?? 'ALL',
    masterAccountId: master,
    masterAccountEmail: input.masterAccountEmail,
    rootId,
    rootArn: `arn:aws:organizations::${master}:root/${id}/${rootId}`,
    ous: new Map(),
    policies: new Map(),
    attachments: new Map(),
    enabledPolicyTypes: new Set(allFeatures ? ['SERVICE_CONTROL_POLICY'] : []),
    serviceAccess: new Map(),
    createAccountRequests: new Map(),
    tags: new Map(),
    maxAccounts: state.options.maxAccounts ?? DEFAULT_MAX_ACCOUNTS,
  }
  organization.policies.set(FULL_AWS_ACCESS_POLICY_ID, {
    id: FULL_AWS_ACCESS_POLICY_ID,
    arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    awsManaged: true,
  })
  if (allFeatures) organization.attachments.set(rootId, new Set([FULL_AWS_ACCESS_POLICY_ID]))
  return organization
}

function awsManagedPolicy(name: string, policyId: string, document: object): ManagedPolicyRecord {
  const createdAt = new Date('2015-02-06T18:39:46Z')
  return {
    arn: `arn:aws:iam::${AWS_MANAGED_POLICY_ACCOUNT}:policy/${name}`,
    policyName: name,
    policyId,
    path: '/',
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: JSON.stringify(document), createDate: createdAt }],
    createdAt,
    updatedAt: createdAt,
    awsManaged: true,
    tags: [],
  }
}

/** A few AWS managed policies; AdministratorAccess is the one CreateAccount attaches. */
function registerAwsManagedPolicies(state: EmulatorState): void {
  const policies = [
    awsManagedPolicy('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
    awsManagedPolicy('ReadOnlyAccess', 'ANPAILL3HVNFSB6DCOWYQ', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:Describe*', 'ecr:Describe*', 'ecr:List*', 'iam:Get*', 'iam:List*', 'logs:Describe*'],
          Resource: '*',
        },
        { Effect: 'Allow', Action: ['organizations:Describe*', 'organizations:List*', 'sts:Get*'], Resource: '*' },
      ],
    }),
    awsManagedPolicy('IAMFullAccess', 'ANPAI7XKCFMBPM3QQRRVQ', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:*', 'organizations:Describe*', 'organizations:List*'], Resource: '*' },
      ],
    }),
  ]
  for (const policy of policies) state.awsManagedPolicies.set(policy.arn, policy)
}

export function bootstrapState(state: EmulatorState): void {
  const managementEmail = 'management@example.com'
  state.organization = createOrganizationRecord(state, {
    masterAccountId: MANAGEMENT_ACCOUNT_ID,
    masterAccountEmail: managementEmail,
  })
  state.organization.serviceAccess.set('account.amazonaws.com', state.clock.now())
  registerAwsManagedPolicies(state)
  const management = createAccountRecord(state, {
    id: MANAGEMENT_ACCOUNT_ID,
    name: 'management',
    email: managementEmail,
    parentId: state.organization.rootId,
    joinedMethod: 'INVITED',
  })
  const arn = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/${ADMIN_USER_NAME}`
  management.iam.users.set(ADMIN_USER_NAME, {
    userName: ADMIN_USER_NAME,
    userId: 'AIDAEMULATORADMIN0001',
    arn,
    path: '/',
    createdAt: state.clock.now(),
    inlinePolicies: {},
    attachedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
    tags: [],
  })
  state.credentials.set(ADMIN_ACCESS_KEY_ID, {
    accessKeyId: ADMIN_ACCESS_KEY_ID,
    secretAccessKey: ADMIN_SECRET_ACCESS_KEY,
    issuedAt: state.clock.now(),
    caller: {
      accountId: MANAGEMENT_ACCOUNT_ID,
      arn,
      principalType: 'user',
      userId: 'AIDAEMULATORADMIN0001',
      accessKeyId: ADMIN_ACCESS_KEY_ID,
      userName: ADMIN_USER_NAME,
    },
  })
}
