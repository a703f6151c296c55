/**
 * The state a fresh emulator starts with: an organization (all features, trusted access for
 * account.amazonaws.com) whose management account 111111111111 has an administrator whose
 * documented credentials are `test` / `test`.
 * Owned by the Organizations/IAM module, which completes it (org, AWS managed policies).
 */
import { type AccountRecord, type EmulatorState, MANAGEMENT_ACCOUNT_ID } from './state.js'

export const ADMIN_ACCESS_KEY_ID = 'test'
export const ADMIN_SECRET_ACCESS_KEY = 'test'
export const ADMIN_USER_NAME = 'admin'

export function createAccountRecord(
  state: EmulatorState,
  input: { id: string; name: string; email: string; parentId: string; joinedMethod?: 'CREATED' | 'INVITED' },
): AccountRecord {
  const now = state.clock.now()
  const account: AccountRecord = {
    id: input.id,
    arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/o-placeholder/${input.id}`,
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

export function bootstrapState(state: EmulatorState): void {
  const management = createAccountRecord(state, {
    id: MANAGEMENT_ACCOUNT_ID,
    name: 'management',
    email: 'management@example.com',
    parentId: 'r-root',
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
    attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
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
