/** Managed policies through the SDK: customer CRUD and the AWS managed catalogue. */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeletePolicyCommand,
  EntityAlreadyExistsException,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { failure, withEmulator } from '../../testing.js'
import { allow, trustAccount } from './test-documents.js'

describe('IAM managed policies', () => {
  const emu = withEmulator()
  const iam = () => new IAMClient(emu.clientConfig())
  const arn = 'arn:aws:iam::111111111111:policy/ops/logs'

  it('Given CreatePolicy, then GetPolicy and GetPolicyVersion return it', async () => {
    const created = await iam().send(
      new CreatePolicyCommand({
        PolicyName: 'logs',
        Path: '/ops/',
        PolicyDocument: allow('logs:*'),
        Description: 'logs',
      }),
    )
    expect(created.Policy).toMatchObject({
      PolicyName: 'logs',
      Arn: arn,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
    })
    expect(created.Policy?.PolicyId).toMatch(/^ANPA/)
    const got = await iam().send(new GetPolicyCommand({ PolicyArn: arn }))
    expect(got.Policy).toMatchObject({ PolicyName: 'logs', Description: 'logs', Path: '/ops/' })
    const version = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    expect(version.PolicyVersion).toMatchObject({
      VersionId: 'v1',
      IsDefaultVersion: true,
      Document: encodeURIComponent(allow('logs:*')),
    })
    const noVersion = await failure(iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })))
    expect(noVersion).toBeInstanceOf(NoSuchEntityException)
  })

  it('Given a duplicate name, then EntityAlreadyExists 409', async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: 'dup', PolicyDocument: allow('s3:*') }))
    const error = await failure(
      iam().send(new CreatePolicyCommand({ PolicyName: 'dup', PolicyDocument: allow('s3:*') })),
    )
    expect(error).toBeInstanceOf(EntityAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('A policy called dup already exists. Duplicate names are not allowed.')
  })

  it('Given an attached policy, then DeletePolicy is DeleteConflict; unattached it deletes', async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: 'logs', Path: '/ops/', PolicyDocument: allow('logs:*') }))
    await iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustAccount() }))
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }))
    expect((await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount).toBe(1)
    const conflict = await failure(iam().send(new DeletePolicyCommand({ PolicyArn: arn })))
    expect(conflict).toBeInstanceOf(DeleteConflictException)
    expect(conflict.message).toBe('Cannot delete a policy attached to entities.')
    await iam().send(new CreatePolicyCommand({ PolicyName: 'spare', PolicyDocument: allow('s3:*') }))
    await iam().send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::111111111111:policy/spare' }))
    const gone = await failure(
      iam().send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::111111111111:policy/spare' })),
    )
    expect(gone).toBeInstanceOf(NoSuchEntityException)
    expect(gone.message).toBe('Policy arn:aws:iam::111111111111:policy/spare was not found.')
  })

  it('Given scopes, then ListPolicies separates AWS managed from local policies', async () => {
    await iam().send(new CreatePolicyCommand({ PolicyName: 'mine', PolicyDocument: allow('s3:*') }))
    const local = await iam().send(new ListPoliciesCommand({ Scope: 'Local' }))
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['mine'])
    const aws = await iam().send(new ListPoliciesCommand({ Scope: 'AWS' }))
    expect(aws.Policies?.map((p) => p.Arn)).toContain('arn:aws:iam::aws:policy/AdministratorAccess')
    expect(aws.Policies?.map((p) => p.PolicyName)).not.toContain('mine')
    const all = await iam().send(new ListPoliciesCommand({}))
    expect(all.Policies).toHaveLength((aws.Policies?.length ?? 0) + 1)
    const admin = await iam().send(
      new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }),
    )
    expect(JSON.parse(decodeURIComponent(admin.PolicyVersion!.Document!))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    })
  })
})
