import { CreateOrganizationalUnitCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, describe, expect, it } from 'vitest'
import { createHarnessRole, deleteHarnessRole } from '../credentials/harness-role.js'
import { waitUntilRegionServes } from '../credentials/region-probe.js'
import { openAccountSession } from '../credentials/session.js'
import { MANAGEMENT_ACCOUNT_ID } from '../emulator/core/state.js'
import { finishAccount } from './close.js'
import { MANAGEMENT_PERMISSIONS_POLICY } from './management-permissions.js'
import { ensureRegion } from './regions.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import type { AwsTarget } from './types.js'
import { vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

/** A management-account IAM user holding only `policy`, and a target that provisions as that user. */
function provisionerTarget(fx: ProvisioningFixture, policy: object): AwsTarget {
  const userName = 'harness-provisioner'
  const arn = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/${userName}`
  const userId = 'AIDAHARNESSPROVISION1'
  const accessKeyId = 'AKIAHARNESSPROVISION1'
  const secretAccessKey = 'provisioner-secret'
  const { state } = fx.emulator
  state.accounts.get(MANAGEMENT_ACCOUNT_ID)?.iam.users.set(userName, {
    userName,
    userId,
    arn,
    path: '/',
    createdAt: state.clock.now(),
    inlinePolicies: { provisioning: JSON.stringify(policy) },
    attachedPolicyArns: [],
    tags: [],
  })
  state.credentials.set(accessKeyId, {
    accessKeyId,
    secretAccessKey,
    issuedAt: state.clock.now(),
    caller: { accountId: MANAGEMENT_ACCOUNT_ID, arn, principalType: 'user', userId, accessKeyId, userName },
  })
  return { ...fx.target, managementCredentials: async () => ({ accessKeyId, secretAccessKey }) }
}

describe('MANAGEMENT_PERMISSIONS_POLICY', () => {
  it('is enough for the whole provisioning lifecycle', async () => {
    fixture = await startProvisioningFixture()
    const fx = fixture
    const org = new OrganizationsClient(fx.emulator.clientConfig())
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'harness' }))
    const target = provisionerTarget(fx, MANAGEMENT_PERMISSIONS_POLICY)

    const account = await vendAccount(
      target,
      { ...TEST_NAMING, organizationalUnitId: ou.OrganizationalUnit?.Id },
      { runId: 'least' },
    )
    const readiness = await ensureRegion(target, account.accountId, 'ap-east-1')
    const session = openAccountSession(target, account)
    // As a run does (runtime/provision.ts): a region just ENABLED serves the account only once it has settled.
    const enabledAt = readiness.enabledDuringRun ? Date.now() : undefined
    await waitUntilRegionServes(session, 'ap-east-1', { enabledAt })
    const role = await createHarnessRole(session, {
      roleName: 'harness-minimal-least',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
      }),
    })
    const sts = new STSClient(session.clientConfig('ap-east-1', session.minimalCredentials('ap-east-1')))
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toContain(`:assumed-role/${role.roleName}/`)
    await deleteHarnessRole(session, role)
    expect(await finishAccount(target, account, 'close')).toEqual({ status: 'closed' })
  })

  it('is not more than needed: without account:EnableRegion, enabling fails with a hint naming it', async () => {
    fixture = await startProvisioningFixture()
    const [vending, regions, assume] = MANAGEMENT_PERMISSIONS_POLICY.Statement
    const target = provisionerTarget(fixture, {
      Version: '2012-10-17',
      Statement: [vending, { ...regions, Action: ['account:GetRegionOptStatus'] }, assume],
    })
    const account = await vendAccount(target, TEST_NAMING, { runId: 'no-enable' })
    const error = await ensureRegion(target, account.accountId, 'ap-east-1').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'REGION_ENABLE_FAILED' })
    expect((error as Error).message).toMatch(/AccessDeniedException: .*account:EnableRegion/)
    expect((error as Error).message).toContain(
      'the management credentials need account:GetRegionOptStatus and account:EnableRegion',
    )
  })
})
