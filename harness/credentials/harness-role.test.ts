import { inspect } from 'node:util'
import { AccountClient, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreatePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureRegion } from '../accounts/regions.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from '../accounts/test-support.js'
import { vendAccount } from '../accounts/vend.js'
import type { EmulatorResource } from '../emulator/core/state.js'
import { createHarnessRole, DECLARED_POLICY_NAME, deleteHarnessRole } from './harness-role.js'
import { emulatorDurationsBehind } from './management.js'
import { openAccountSession } from './session.js'
import type { AccountSession } from './types.js'

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:TagResource'], Resource: '*' }],
})
const ROLE_NAME = 'harness-minimal-test'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

/** A vended account and its session; IAM propagation lasts 5 simulated minutes (300 ms here), far longer than one call. */
async function openSession(): Promise<ProvisioningFixture & { session: AccountSession }> {
  fixture = await startProvisioningFixture({ durations: { iamPropagationMs: 300_000 } })
  const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'role' })
  return { ...fixture, session: openAccountSession(fixture.target, account, { runId: 'role' }) }
}

const callerArn = async (session: AccountSession, region: string) => {
  const sts = new STSClient(session.clientConfig(region, session.minimalCredentials(region)))
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn
}

const harnessRoles = async (fx: ProvisioningFixture) =>
  (await fx.control<{ resources: EmulatorResource[] }>('GET', '/resources')).resources.filter(
    (resource) => resource.type === 'iam:role' && resource.id === ROLE_NAME,
  )

describe('createHarnessRole', () => {
  it('creates the role with exactly the declared policy, waits out IAM propagation, and can then be assumed', async () => {
    const fx = await openSession()
    const role = await createHarnessRole(fx.session, {
      roleName: ROLE_NAME,
      policyDocument: POLICY,
      tags: { run: 'role' },
      onProgress: fx.onProgress,
    })

    // Propagation was visible: AssumeRole was refused at first and retried.
    const retries = fx.events.filter((e) => e.type === 'retry')
    expect(retries.length).toBeGreaterThan(0)
    expect(retries[0]).toMatchObject({ type: 'retry', errorName: 'AccessDenied' })
    expect(fx.events.at(-1)).toMatchObject({ type: 'role-ready', roleArn: role.roleArn })
    expect(fx.session.role).toEqual(role)

    const accountId = fx.session.account.accountId
    expect(role.roleArn).toBe(`arn:aws:iam::${accountId}:role/${ROLE_NAME}`)
    expect(await callerArn(fx.session, 'us-east-1')).toMatch(
      new RegExp(`^arn:aws:sts::${accountId}:assumed-role/${ROLE_NAME}/`),
    )

    const iam = new IAMClient(fx.session.clientConfig('us-east-1', fx.session.adminCredentials('us-east-1')))
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: DECLARED_POLICY_NAME }))
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument ?? ''))).toEqual(JSON.parse(POLICY))
    const trust = JSON.parse(
      decodeURIComponent(
        (await iam.send(new GetRoleCommand({ RoleName: ROLE_NAME }))).Role?.AssumeRolePolicyDocument ?? '',
      ),
    )
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': role.externalId } },
      }),
    ])
  })

  it('returns only once the declared policy itself is in effect, not just the trust policy', async () => {
    const fx = await openSession()
    await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: POLICY })
    // Immediately: the minimal role may already do what the declared policy allows.
    const logs = new CloudWatchLogsClient({
      ...fx.session.clientConfig('us-east-1', fx.session.minimalCredentials('us-east-1')),
      maxAttempts: 1,
    })
    await expect(logs.send(new CreateLogGroupCommand({ logGroupName: 'harness-propagated' }))).resolves.toBeDefined()
  })

  it('admits only the harness principal presenting the per-run ExternalId', async () => {
    const fx = await openSession()
    const role = await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: POLICY })
    const sts = new STSClient({
      ...fx.session.clientConfig('us-east-1', fx.session.adminCredentials('us-east-1')),
      maxAttempts: 1,
    })
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'no-external-id' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    })
    const management = new STSClient(fx.emulator.clientConfig('us-east-1'))
    await expect(
      management.send(
        new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'mgmt', ExternalId: role.externalId }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  it('sets the optional permissions boundary', async () => {
    const fx = await openSession()
    const iam = new IAMClient(fx.session.clientConfig('us-east-1', fx.session.adminCredentials('us-east-1')))
    const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: 'harness-boundary', PolicyDocument: POLICY }))
    await createHarnessRole(fx.session, {
      roleName: ROLE_NAME,
      policyDocument: POLICY,
      permissionsBoundaryArn: boundary.Policy?.Arn,
    })
    const got = await iam.send(new GetRoleCommand({ RoleName: ROLE_NAME }))
    expect(got.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary.Policy?.Arn)
  })

  it('refuses a malformed declared policy with POLICY_INVALID and leaves no role behind', async () => {
    const fx = await openSession()
    const error = await createHarnessRole(fx.session, {
      roleName: ROLE_NAME,
      policyDocument: '{"Statement": "nope"',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'POLICY_INVALID' })
    expect((error as Error).message).toMatch(/IAM rejected the declared policy .*MalformedPolicyDocumentException/)
    expect(await harnessRoles(fx)).toEqual([])
    expect(fx.session.role).toBeUndefined()
  })

  it('fails with ROLE_BOOTSTRAP_FAILED when propagation outlasts the bound, and removes the role', async () => {
    fixture = await startProvisioningFixture({ durations: { iamPropagationMs: 3_600_000 } })
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'slow-iam' })
    const session = openAccountSession(fixture.target, account)
    const error = await createHarnessRole(session, {
      roleName: ROLE_NAME,
      policyDocument: POLICY,
      propagationTimeoutMs: 100,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ROLE_BOOTSTRAP_FAILED' })
    expect((error as Error).message).toMatch(
      new RegExp(
        `^the harness role arn:aws:iam::\\d{12}:role/${ROLE_NAME} could still not be assumed (?:\\d+ ms|\\d+\\.\\d s|\\d+ s) after it was created \\(AssumeRole failed: AccessDenied: `,
      ),
    )
    expect(await harnessRoles(fixture)).toEqual([])
  })

  it('keeps credentials out of its errors, causes included', async () => {
    const fx = await openSession()
    const admin = await fx.session.adminCredentials('us-east-1')()
    const error = await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: '{' }).catch(
      (e: unknown) => e,
    )
    const everything = inspect(error, { depth: 20, showHidden: true })
    expect(everything).toContain('MalformedPolicyDocumentException')
    expect(everything).not.toContain(admin.sessionToken)
    expect(everything).not.toContain(admin.secretAccessKey)
  })
})

describe('waiting for roles on the emulator', () => {
  it('looks at a new account’s role and at the harness role when the emulator says they are ready, not in growing polls', async () => {
    // At 0.01: creation 0.1 s, the account's role 0.3 s after it, IAM propagation 0.1 s; the target knows
    // them as a run does (resolveTarget reads the emulator's durations).
    const durations = { createAccountMs: 10_000, accountAccessDelayMs: 30_000, iamPropagationMs: 10_000 }
    fixture = await startProvisioningFixture({ timeScale: 0.01, durations })
    fixture.target.expectedMs = await emulatorDurationsBehind(fixture.emulator.endpoint)
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'looks' })
    const session = openAccountSession(fixture.target, account, { runId: 'looks', onProgress: fixture.onProgress })
    await createHarnessRole(session, { roleName: ROLE_NAME, policyDocument: POLICY, onProgress: fixture.onProgress })

    const assumed = fixture.emulator.state.calls.filter((call) => call.operation === 'AssumeRole')
    const byAdmin = (call: (typeof assumed)[number]) => call.principalArn.includes('OrganizationAccountAccessRole')
    const accountRoleLooks = assumed.filter((call) => !byAdmin(call))
    const harnessRoleLooks = assumed.filter(byAdmin)
    // Once at once, once when it should be ready (a poll more at most). Polls growing from 1/20 of the
    // wait took six or more for each.
    expect(accountRoleLooks.at(-1)?.outcome).toBe('success')
    expect(accountRoleLooks.length).toBeGreaterThanOrEqual(2)
    expect(accountRoleLooks.length).toBeLessThanOrEqual(3)
    expect(harnessRoleLooks.at(-1)?.outcome).toBe('success')
    expect(harnessRoleLooks.length).toBeGreaterThanOrEqual(2)
    expect(harnessRoleLooks.length).toBeLessThanOrEqual(3)
    // Both waits are still said on the console, each attempt once.
    const retries = fixture.events.filter((event) => event.type === 'retry') as Array<{ what: string; attempt: number }>
    for (const what of new Set(retries.map((event) => event.what))) {
      const attempts = retries.filter((event) => event.what === what).map((event) => event.attempt)
      expect(attempts).toEqual(attempts.map((_, i) => i + 1))
    }
    const waits = fixture.events.filter((event) => event.type === 'retry' && event.expected)
    expect(waits.map((event) => (event as { what: string }).what)).toEqual(
      expect.arrayContaining([
        `OrganizationAccountAccessRole in ${account.accountId}`,
        expect.stringContaining('(IAM propagation)'),
      ]),
    )
  })
})

describe('minimalCredentials', () => {
  it('works through an opt-in region’s own STS endpoint once the region is enabled', async () => {
    const fx = await openSession()
    await ensureRegion(fx.target, fx.session.account.accountId, 'ap-east-1')
    // The management account itself never enabled ap-east-1: harness must not need it to.
    const account = new AccountClient(fx.emulator.clientConfig())
    expect((await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))).RegionOptStatus).toBe(
      'DISABLED',
    )

    const role = await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: POLICY })
    expect(await callerArn(fx.session, 'ap-east-1')).toMatch(new RegExp(`:assumed-role/${role.roleName}/`))
    // Administrator credentials (used for setup facts and cleanup) work there too.
    const adminSts = new STSClient(fx.session.clientConfig('ap-east-1', fx.session.adminCredentials('ap-east-1')))
    expect((await adminSts.send(new GetCallerIdentityCommand({}))).Arn).toContain(
      ':assumed-role/OrganizationAccountAccessRole/',
    )
    const calls = await fx.control<{ calls: Array<{ region: string; outcome: string }> }>(
      'GET',
      '/calls?operation=AssumeRole&accountId=' + fx.session.account.accountId,
    )
    expect(calls.calls.some((call) => call.region === 'ap-east-1' && call.outcome === 'success')).toBe(true)
  })

  it('refreshes before the one-hour chaining cap: after the clock moves 2 h, calls still work', async () => {
    const fx = await openSession()
    await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: POLICY })
    const first = await fx.session.minimalCredentials('us-east-1')()
    expect(await callerArn(fx.session, 'us-east-1')).toContain(ROLE_NAME)

    const now = await fx.control<{ date: string }>('GET', '/clock')
    await fx.control('POST', '/clock', { date: new Date(Date.parse(now.date) + 2 * 3_600_000).toISOString() })

    expect(await callerArn(fx.session, 'us-east-1')).toContain(ROLE_NAME)
    const second = await fx.session.minimalCredentials('us-east-1')()
    expect(second.accessKeyId).not.toBe(first.accessKeyId)
  })

  it('is refused before the harness role exists', async () => {
    const fx = await openSession()
    expect(() => fx.session.minimalCredentials('us-east-1')).toThrow(/before the harness role was created/)
  })
})

describe('deleteHarnessRole', () => {
  it('removes the role and its policies, leaving nothing in /_emulator/resources, and is idempotent', async () => {
    const fx = await openSession()
    const role = await createHarnessRole(fx.session, { roleName: ROLE_NAME, policyDocument: POLICY })
    expect(await harnessRoles(fx)).toHaveLength(1)

    await deleteHarnessRole(fx.session, role)
    expect(await harnessRoles(fx)).toEqual([])
    expect(fx.session.role).toBeUndefined()
    await expect(deleteHarnessRole(fx.session, role)).resolves.toBeUndefined()
  })
})
