/** IAM roles through the SDK: lifecycle, documents on the wire, tags, errors with AWS's codes and statuses. */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  InvalidInputException,
  ListRolesCommand,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { failure, withEmulator } from '../../testing.js'
import { allow, trustAccount } from './test-documents.js'

describe('IAM roles', () => {
  const emu = withEmulator()
  const iam = () => new IAMClient(emu.clientConfig())

  it('Given CreateRole, then GetRole returns it with the trust policy URL-encoded as IAM does', async () => {
    const created = await iam().send(
      new CreateRoleCommand({
        RoleName: 'app',
        Path: '/team/',
        AssumeRolePolicyDocument: trustAccount(),
        Description: 'the app',
        MaxSessionDuration: 7200,
      }),
    )
    expect(created.Role).toMatchObject({
      RoleName: 'app',
      Path: '/team/',
      Arn: 'arn:aws:iam::111111111111:role/team/app',
      MaxSessionDuration: 7200,
      Description: 'the app',
    })
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/)
    expect(created.Role?.CreateDate).toBeInstanceOf(Date)
    const got = await iam().send(new GetRoleCommand({ RoleName: 'APP' }))
    expect(got.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(trustAccount()))
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trustAccount()))
  })

  it('Given an existing role name (any case), then CreateRole is EntityAlreadyExists 409', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'Dup', AssumeRolePolicyDocument: trustAccount() }))
    const error = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: trustAccount() })),
    )
    expect(error).toBeInstanceOf(EntityAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('Role with name dup already exists.')
  })

  it("Given a missing role, then GetRole is NoSuchEntity 404 with IAM's message", async () => {
    const error = await failure(iam().send(new GetRoleCommand({ RoleName: 'ghost' })))
    expect(error).toBeInstanceOf(NoSuchEntityException)
    expect(error.$metadata.httpStatusCode).toBe(404)
    expect(error.message).toBe('The role with name ghost cannot be found.')
  })

  it.each([
    ['not json', 'This policy contains invalid Json'],
    [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', Resource: '*' }],
      }),
      'Has prohibited field Resource',
    ],
    [
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
      'Missing required field Principal',
    ],
  ])('Given trust policy %s, then MalformedPolicyDocument 400', async (document, message) => {
    const error = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: document })),
    )
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(message)
  })

  it.each([
    [
      { RoleName: 'bad name' },
      "at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      { RoleName: 'ok', MaxSessionDuration: 60 },
      "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    ],
    [{ RoleName: 'ok', Path: 'nopath' }, "at 'path' failed to satisfy constraint"],
  ])('Given %j, then ValidationError', async (input, message) => {
    const error = await failure(
      iam().send(new CreateRoleCommand({ AssumeRolePolicyDocument: trustAccount(), ...input })),
    )
    expect(error.name).toBe('ValidationError')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toContain(message)
  })

  it('Given roles under paths, then ListRoles filters by PathPrefix and pages with Marker', async () => {
    for (const name of ['a', 'b', 'c']) {
      await iam().send(new CreateRoleCommand({ RoleName: name, Path: '/x/', AssumeRolePolicyDocument: trustAccount() }))
    }
    await iam().send(
      new CreateRoleCommand({ RoleName: 'other', Path: '/y/', AssumeRolePolicyDocument: trustAccount() }),
    )
    const first = await iam().send(new ListRolesCommand({ PathPrefix: '/x/', MaxItems: 2 }))
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['a', 'b'])
    expect(first.IsTruncated).toBe(true)
    const rest = await iam().send(new ListRolesCommand({ PathPrefix: '/x/', Marker: first.Marker }))
    expect(rest.Roles?.map((r) => r.RoleName)).toEqual(['c'])
    expect(rest.IsTruncated).toBe(false)
  })

  it('Given UpdateAssumeRolePolicy, then GetRole shows the new trust policy at once', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustAccount() }))
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: trustAccount('222222222222') }))
    const got = await iam().send(new GetRoleCommand({ RoleName: 'r' }))
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(trustAccount('222222222222'))
    expect(emu.state.accounts.get('111111111111')!.iam.roles.get('r')!.versions).toHaveLength(2)
  })

  it('Given inline and attached policies, then DeleteRole is DeleteConflict until both are removed', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'busy', AssumeRolePolicyDocument: trustAccount() }))
    await iam().send(new PutRolePolicyCommand({ RoleName: 'busy', PolicyName: 'p', PolicyDocument: allow('s3:*') }))
    await iam().send(
      new AttachRolePolicyCommand({ RoleName: 'busy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    )
    const inline = await failure(iam().send(new DeleteRoleCommand({ RoleName: 'busy' })))
    expect(inline).toBeInstanceOf(DeleteConflictException)
    expect(inline.$metadata.httpStatusCode).toBe(409)
    expect(inline.message).toBe('Cannot delete entity, must delete policies first.')
    await iam().send(new DeleteRolePolicyCommand({ RoleName: 'busy', PolicyName: 'p' }))
    const attached = await failure(iam().send(new DeleteRoleCommand({ RoleName: 'busy' })))
    expect(attached.message).toBe('Cannot delete entity, must detach all policies first.')
    emu.state.accounts.get('111111111111')!.iam.roles.get('busy')!.current.attachedPolicyArns = []
    await iam().send(new DeleteRoleCommand({ RoleName: 'busy' }))
    expect(await failure(iam().send(new GetRoleCommand({ RoleName: 'busy' })))).toBeInstanceOf(NoSuchEntityException)
  })

  it('Given tags on create and TagRole, then ListRoleTags merges them and UntagRole removes', async () => {
    await iam().send(
      new CreateRoleCommand({
        RoleName: 't',
        AssumeRolePolicyDocument: trustAccount(),
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    )
    await iam().send(
      new TagRoleCommand({
        RoleName: 't',
        Tags: [
          { Key: 'TEAM', Value: 'b' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    )
    expect((await iam().send(new ListRoleTagsCommand({ RoleName: 't' }))).Tags).toEqual([
      { Key: 'TEAM', Value: 'b' },
      { Key: 'env', Value: 'dev' },
    ])
    await iam().send(new UntagRoleCommand({ RoleName: 't', TagKeys: ['team'] }))
    expect((await iam().send(new ListRoleTagsCommand({ RoleName: 't' }))).Tags).toEqual([{ Key: 'env', Value: 'dev' }])
    const dup = await failure(
      iam().send(
        new TagRoleCommand({
          RoleName: 't',
          Tags: [
            { Key: 'k', Value: '1' },
            { Key: 'K', Value: '2' },
          ],
        }),
      ),
    )
    expect(dup).toBeInstanceOf(InvalidInputException)
    expect(dup.message).toBe('Duplicate tag keys found. Please note that Tag keys are case insensitive.')
  })
})
