/** STS AssumeRole through the SDK: credentials, propagation, duration limits, session policies, errors. */

import { randomBytes } from 'node:crypto'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  MalformedPolicyDocumentException,
  PackedPolicyTooLargeException,
  RegionDisabledException,
  STSClient,
} from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { asCredentials, enableRegion, memberAdmin, vendAccount } from '../../test-accounts.js'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'
import { allow, trustAccount } from '../iam/test-documents.js'

const ADMIN_ARN = 'arn:aws:iam::111111111111:user/admin'

describe('STS AssumeRole', () => {
  const emu = withEmulator({ date: PINNED_DATE })
  const sts = (region = 'us-east-1') => new STSClient(emu.clientConfig(region))
  const iam = () => new IAMClient(emu.clientConfig())

  /** Creates a role in the management account and moves the clock past IAM propagation. */
  async function propagatedRole(name: string, maxSessionDuration?: number, trust = trustAccount()): Promise<string> {
    const out = await iam().send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: trust,
        MaxSessionDuration: maxSessionDuration,
      }),
    )
    await iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: allow('*') }))
    emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 60 * 60_000))
    return out.Role!.Arn!
  }

  it('Given a propagated role, then AssumeRole issues ASIA credentials expiring after DurationSeconds', async () => {
    const roleArn = await propagatedRole('worker')
    const before = emu.state.clock.now().getTime()
    const out = await sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1', DurationSeconds: 900 }),
    )
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/)
    expect(out.Credentials?.SessionToken).toBeTruthy()
    const expiresIn = out.Credentials!.Expiration!.getTime() - before
    expect(expiresIn).toBeGreaterThanOrEqual(899_000)
    expect(expiresIn).toBeLessThanOrEqual(901_000)
    const role = emu.state.accounts.get('111111111111')!.iam.roles.get('worker')!
    expect(out.AssumedRoleUser).toEqual({
      AssumedRoleId: `${role.roleId}:s1`,
      Arn: 'arn:aws:sts::111111111111:assumed-role/worker/s1',
    })
    expect(out.PackedPolicySize).toBeUndefined()
    expect(emu.state.credentials.get(out.Credentials!.AccessKeyId!)?.caller).toMatchObject({
      principalType: 'assumed-role',
      roleArn,
      sessionName: 's1',
      tokenVersion: 'v2',
      chained: false,
    })
  })

  it('Given a role created moments ago, then AssumeRole is AccessDenied until IAM propagation has passed', async () => {
    emu.state.durations.iamPropagationMs = 3_600_000
    const out = await iam().send(new CreateRoleCommand({ RoleName: 'fresh', AssumeRolePolicyDocument: trustAccount() }))
    const roleArn = out.Role!.Arn!
    const denied = await failure(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'early' })))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toBe(
      `User: ${ADMIN_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    )
    emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 3_600_000 * 0.001 + 1000))
    const later = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'late' }))
    expect(later.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111111111111:assumed-role/fresh/late')
  })

  it('Given a missing role, then AccessDenied 403 naming the caller and role', async () => {
    const roleArn = 'arn:aws:iam::111111111111:role/ghost'
    const error = await failure(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x1' })))
    expect(error.name).toBe('AccessDenied')
    expect(error.message).toBe(
      `User: ${ADMIN_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    )
  })

  it('Given DurationSeconds above the role maximum, then ValidationError', async () => {
    const roleArn = await propagatedRole('short')
    const error = await failure(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x1', DurationSeconds: 7200 })),
    )
    expect(error.name).toBe('ValidationError')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  })

  it('Given role chaining, then DurationSeconds over one hour fails even when the role allows more', async () => {
    const roleArn = await propagatedRole('long', 43200)
    const first = await sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hop1', DurationSeconds: 7200 }),
    )
    const chained = new STSClient(emu.clientConfig('us-east-1', asCredentials(first.Credentials)))
    const error = await failure(
      chained.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hop2', DurationSeconds: 7200 })),
    )
    expect(error.name).toBe('ValidationError')
    expect(error.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    )
    const ok = await chained.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hop2' }))
    expect(emu.state.credentials.get(ok.Credentials!.AccessKeyId!)?.caller.chained).toBe(true)
  })

  it.each([
    [
      { RoleSessionName: 'a' },
      "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      { RoleSessionName: 'bad name' },
      "Value 'bad name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
    [
      { RoleSessionName: 'ok', DurationSeconds: 100 },
      "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
  ])('Given %j, then ValidationError', async (input, message) => {
    const error = await failure(
      sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/any', ...input })),
    )
    expect(error.name).toBe('ValidationError')
    expect(error.message).toBe(`1 validation error detected: ${message}`)
  })

  it('Given session policies, then PackedPolicySize is reported; malformed or oversized ones fail', async () => {
    // Session tags need sts:TagSession in the trust policy as well.
    const roleArn = await propagatedRole(
      'scoped',
      undefined,
      trustAccount('111111111111', ['sts:AssumeRole', 'sts:TagSession']),
    )
    const ok = await sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p1', Policy: allow('s3:GetObject') }),
    )
    expect(ok.PackedPolicySize).toBeGreaterThan(0)
    expect(ok.PackedPolicySize).toBeLessThanOrEqual(100)
    expect(emu.state.credentials.get(ok.Credentials!.AccessKeyId!)?.caller.sessionPolicy).toBe(allow('s3:GetObject'))
    const malformed = await failure(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p2', Policy: '{"Statement":' })),
    )
    expect(malformed).toBeInstanceOf(MalformedPolicyDocumentException)
    const long = allow(Array.from({ length: 200 }, (_, i) => `s3:GetObject${i}`))
    const tooLong = await failure(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p4', Policy: long })),
    )
    expect(tooLong.name).toBe('ValidationError')
    expect(tooLong.message).toContain(
      "at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
    )
    const tags = Array.from({ length: 40 }, (_, i) => ({ Key: `k${i}`, Value: randomBytes(100).toString('hex') }))
    const packed = await failure(
      sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p3', Tags: tags })),
    )
    expect(packed).toBeInstanceOf(PackedPolicyTooLargeException)
    expect(packed.message).toMatch(/^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/)
  })

  it('Given root credentials, then AccessDenied "Roles may not be assumed by root accounts."', async () => {
    const roleArn = await propagatedRole('target')
    emu.state.credentials.set('AKIAROOTROOTROOTROOT', {
      accessKeyId: 'AKIAROOTROOTROOTROOT',
      secretAccessKey: 'root-secret',
      issuedAt: emu.state.clock.now(),
      caller: {
        accountId: '111111111111',
        arn: 'arn:aws:iam::111111111111:root',
        principalType: 'root',
        userId: '111111111111',
        accessKeyId: 'AKIAROOTROOTROOTROOT',
      },
    })
    const root = new STSClient(
      emu.clientConfig('us-east-1', { accessKeyId: 'AKIAROOTROOTROOTROOT', secretAccessKey: 'root-secret' }),
    )
    const error = await failure(root.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'r1' })))
    expect(error.name).toBe('AccessDenied')
    expect(error.message).toBe('Roles may not be assumed by root accounts.')
  })

  it("Given ap-east-1 enabled for the caller but not the role's account, then RegionDisabledException", async () => {
    const accountId = await vendAccount(emu, 'rd@example.com')
    await enableRegion(emu, 'ap-east-1')
    const error = await failure(
      sts('ap-east-1').send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'x1',
        }),
      ),
    )
    expect(error).toBeInstanceOf(RegionDisabledException)
    expect(error.$metadata.httpStatusCode).toBe(403)
    expect(await memberAdmin(emu, accountId)).toHaveProperty('sessionToken')
  })
})
