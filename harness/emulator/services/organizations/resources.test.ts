/** What Organizations and IAM report to GET /_emulator/resources. */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateOrganizationalUnitCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { memberAdmin, vendAccount } from '../../test-accounts.js'
import { withEmulator } from '../../testing.js'
import { trustAccount } from '../iam/test-documents.js'

describe('emulator resources', () => {
  const emu = withEmulator()

  it('Given a member-account role and an OU, then both are listed with ARNs and tags', async () => {
    const accountId = await vendAccount(emu, 'res@example.com')
    const iam = new IAMClient(emu.clientConfig('us-east-1', await memberAdmin(emu, accountId)))
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'leaky',
        AssumeRolePolicyDocument: trustAccount(accountId),
        Tags: [{ Key: 'run', Value: 'r1' }],
      }),
    )
    const org = new OrganizationsClient(emu.clientConfig())
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'tmp' }))
    const { resources } = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as {
      resources: Array<Record<string, unknown>>
    }
    expect(resources).toContainEqual({
      accountId,
      region: 'global',
      type: 'iam:role',
      id: 'leaky',
      arn: `arn:aws:iam::${accountId}:role/leaky`,
      tags: { run: 'r1' },
    })
    expect(resources).toContainEqual(
      expect.objectContaining({ type: 'organizations:ou', id: ou.OrganizationalUnit!.Id, accountId: '111111111111' }),
    )
  })
})
