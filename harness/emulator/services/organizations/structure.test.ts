/** The organization, root, OUs and trusted access through the SDK. */
import {
  AlreadyInOrganizationException,
  AWSOrganizationsNotInUseException,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  DuplicateOrganizationalUnitException,
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  ParentNotFoundException,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { failure, withEmulator } from '../../testing.js'

describe('Organizations structure', () => {
  const emu = withEmulator()
  const client = () => new OrganizationsClient(emu.clientConfig())

  it('Given the bootstrapped emulator, then the organization has all features with SCPs enabled', async () => {
    const out = await client().send(new DescribeOrganizationCommand({}))
    expect(out.Organization).toMatchObject({ FeatureSet: 'ALL', MasterAccountId: '111111111111' })
    expect(out.Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/)
    expect(out.Organization?.Arn).toBe(`arn:aws:organizations::111111111111:organization/${out.Organization?.Id}`)
    const roots = await client().send(new ListRootsCommand({}))
    expect(roots.Roots).toHaveLength(1)
    expect(roots.Roots![0]).toMatchObject({
      Name: 'Root',
      PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    })
    expect(roots.Roots![0]!.Id).toMatch(/^r-[a-z0-9]{4}$/)
  })

  it('Given an existing organization, then CreateOrganization is AlreadyInOrganizationException', async () => {
    const error = await failure(client().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })))
    expect(error).toBeInstanceOf(AlreadyInOrganizationException)
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('Given no organization, then calls are AWSOrganizationsNotInUseException until CreateOrganization', async () => {
    emu.state.organization = undefined
    const error = await failure(client().send(new DescribeOrganizationCommand({})))
    expect(error).toBeInstanceOf(AWSOrganizationsNotInUseException)
    expect(error.message).toBe('Your account is not a member of an organization.')
    const created = await client().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    expect(created.Organization?.MasterAccountId).toBe('111111111111')
    const roots = await client().send(new ListRootsCommand({}))
    expect(roots.Roots![0]!.Arn).toBe(
      `arn:aws:organizations::111111111111:root/${created.Organization!.Id}/${roots.Roots![0]!.Id}`,
    )
  })

  it('Given OUs, then they list under their parent, duplicates and unknown parents fail', async () => {
    const rootId = (await client().send(new ListRootsCommand({}))).Roots![0]!.Id!
    const ou = await client().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))
    expect(ou.OrganizationalUnit?.Id).toMatch(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`))
    const listed = await client().send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))
    expect(listed.OrganizationalUnits).toEqual([ou.OrganizationalUnit])
    const duplicate = await failure(
      client().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' })),
    )
    expect(duplicate).toBeInstanceOf(DuplicateOrganizationalUnitException)
    const orphan = await failure(client().send(new CreateOrganizationalUnitCommand({ ParentId: 'r-zzzz', Name: 'x' })))
    expect(orphan).toBeInstanceOf(ParentNotFoundException)
  })

  it('Given the bootstrap, then account.amazonaws.com has trusted access and more can be enabled', async () => {
    const before = await client().send(new ListAWSServiceAccessForOrganizationCommand({}))
    expect(before.EnabledServicePrincipals?.map((p) => p.ServicePrincipal)).toEqual(['account.amazonaws.com'])
    await client().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }))
    const after = await client().send(new ListAWSServiceAccessForOrganizationCommand({}))
    expect(after.EnabledServicePrincipals?.map((p) => p.ServicePrincipal)).toEqual([
      'account.amazonaws.com',
      'cloudtrail.amazonaws.com',
    ])
    expect(after.EnabledServicePrincipals![1]!.DateEnabled).toBeInstanceOf(Date)
  })
})
