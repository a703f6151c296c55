/** A role's inline, attached and boundary policies through the SDK. */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { failure, withEmulator } from '../../testing.js'
import { allow, trustAccount } from './test-documents.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'

describe('IAM role policies', () => {
  const emu = withEmulator()
  const iam = () => new IAMClient(emu.clientConfig())
  const versions = () => emu.state.accounts.get('111111111111')!.iam.roles.get('r')!.versions

  beforeEach(async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustAccount() }))
  })

  it('Given PutRolePolicy, then Get/List return it URL-encoded, and delete removes it', async () => {
    await iam().send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'logs', PolicyDocument: allow('logs:*') }))
    const got = await iam().send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'logs' }))
    expect(got).toMatchObject({
      RoleName: 'r',
      PolicyName: 'logs',
      PolicyDocument: encodeURIComponent(allow('logs:*')),
    })
    expect((await iam().send(new ListRolePoliciesCommand({ RoleName: 'r' }))).PolicyNames).toEqual(['logs'])
    await iam().send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'logs' }))
    const gone = await failure(iam().send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'logs' })))
    expect(gone).toBeInstanceOf(NoSuchEntityException)
    expect(gone.message).toBe('The role policy with name logs cannot be found.')
  })

  it('Given each permission change, then a new version takes effect one scaled propagation delay after it', async () => {
    emu.state.durations.iamPropagationMs = 3_600_000
    const delay = emu.state.clock.scaled(3_600_000)
    const changes = [
      () => iam().send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: allow('s3:*') })),
      () => iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: ADMIN })),
      () => iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: 'r', PermissionsBoundary: ADMIN })),
    ]
    for (const change of changes) {
      const before = emu.state.clock.now().getTime()
      await change()
      const after = emu.state.clock.now().getTime()
      // The change happened between `before` and `after`; it is enforced exactly `delay` later.
      const effectiveAt = versions().at(-1)!.effectiveAt.getTime()
      expect(effectiveAt).toBeGreaterThanOrEqual(before + delay)
      expect(effectiveAt).toBeLessThanOrEqual(after + delay)
    }
    expect(versions()).toHaveLength(4)
    const last = versions().at(-1)!
    expect(last.permissions).toEqual({
      trustPolicy: trustAccount(),
      inlinePolicies: { p: allow('s3:*') },
      attachedPolicyArns: [ADMIN],
      permissionsBoundaryArn: ADMIN,
    })
  })

  it('Given a policy with a Principal, then PutRolePolicy is MalformedPolicyDocument', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
    })
    const error = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: document })),
    )
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException)
    expect(error.message).toBe('Policy document should not specify a principal.')
  })

  it('Given inline policies over 10,240 characters in total, then LimitExceeded', async () => {
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(6000)}` }],
    })
    await iam().send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'one', PolicyDocument: big }))
    const error = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'two', PolicyDocument: big })),
    )
    expect(error).toBeInstanceOf(LimitExceededException)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('Maximum policy size of 10240 bytes exceeded for role r')
  })

  it('Given managed policies, then attach/list/detach work and unknown ARNs are NoSuchEntity', async () => {
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: ADMIN }))
    const listed = await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'r' }))
    expect(listed.AttachedPolicies).toEqual([{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }])
    const unknown = 'arn:aws:iam::aws:policy/NoSuchPolicy'
    const attach = await failure(iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: unknown })))
    expect(attach).toBeInstanceOf(NoSuchEntityException)
    expect(attach.message).toBe(`Policy ${unknown} does not exist or is not attachable.`)
    await iam().send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: ADMIN }))
    const detach = await failure(iam().send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: ADMIN })))
    expect(detach).toBeInstanceOf(NoSuchEntityException)
    expect(detach.message).toBe(`Policy ${ADMIN} was not found.`)
  })

  it('Given ten attached policies, then an eleventh is LimitExceeded', async () => {
    for (let i = 0; i < 11; i++) {
      await iam().send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: allow('s3:GetObject') }))
    }
    for (let i = 0; i < 10; i++) {
      await iam().send(
        new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: `arn:aws:iam::111111111111:policy/p${i}` }),
      )
    }
    const error = await failure(
      iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::111111111111:policy/p10' })),
    )
    expect(error).toBeInstanceOf(LimitExceededException)
    expect(error.message).toBe('Cannot exceed quota for PoliciesPerRole: 10')
  })

  it('Given a permissions boundary, then GetRole shows it and deleting removes it', async () => {
    await iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: 'r', PermissionsBoundary: ADMIN }))
    expect((await iam().send(new GetRoleCommand({ RoleName: 'r' }))).Role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: ADMIN,
    })
    await iam().send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'r' }))
    expect((await iam().send(new GetRoleCommand({ RoleName: 'r' }))).Role?.PermissionsBoundary).toBeUndefined()
    const missing = 'arn:aws:iam::111111111111:policy/none'
    const error = await failure(
      iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: 'r', PermissionsBoundary: missing })),
    )
    expect(error).toBeInstanceOf(NoSuchEntityException)
    expect(error.message).toBe(`Scope ARN: ${missing} does not exist or is not attachable.`)
  })
})
