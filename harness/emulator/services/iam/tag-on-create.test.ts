/** Tag-on-create authorization for CreateRole (iam:TagRole) and CreateAccount (organizations:TagResource). */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { asCredentials } from '../../test-accounts.js'
import { failure, PINNED_DATE, type TestCredentials, withEmulator } from '../../testing.js'
import { allow, trustAccount } from './test-documents.js'

describe('tag-on-create', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  /** A management-account role allowed only `actions`, propagated, then assumed. */
  async function sessionAllowing(actions: string[]): Promise<TestCredentials> {
    const iam = new IAMClient(emu.clientConfig())
    const role = await iam.send(
      new CreateRoleCommand({ RoleName: 'limited', AssumeRolePolicyDocument: trustAccount() }),
    )
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'only', PolicyDocument: allow(actions) }),
    )
    emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 60 * 60_000))
    const out = await new STSClient(emu.clientConfig()).send(
      new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'tester' }),
    )
    return asCredentials(out.Credentials)
  }

  it('Given only iam:CreateRole, then CreateRole with Tags is denied naming iam:TagRole; without tags it works', async () => {
    const iam = new IAMClient(emu.clientConfig('us-east-1', await sessionAllowing(['iam:CreateRole'])))
    const tagged = {
      RoleName: 'tagged',
      AssumeRolePolicyDocument: trustAccount(),
      Tags: [{ Key: 'team', Value: 'qa' }],
    }
    const error = await failure(iam.send(new CreateRoleCommand(tagged)))
    expect(error.name).toBe('AccessDenied')
    expect(error.$metadata.httpStatusCode).toBe(403)
    expect(error.message).toContain(
      'assumed-role/limited/tester is not authorized to perform: iam:TagRole on resource: arn:aws:iam::111111111111:role/tagged',
    )
    const plain = await iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: trustAccount() }))
    expect(plain.Role?.RoleName).toBe('plain')
  })

  it('Given iam:CreateRole and iam:TagRole, then CreateRole with Tags works', async () => {
    const iam = new IAMClient(emu.clientConfig('us-east-1', await sessionAllowing(['iam:CreateRole', 'iam:TagRole'])))
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: 'tagged',
        AssumeRolePolicyDocument: trustAccount(),
        Tags: [{ Key: 'team', Value: 'qa' }],
      }),
    )
    expect(out.Role?.Tags).toEqual([{ Key: 'team', Value: 'qa' }])
  })

  it('Given only organizations:CreateAccount, then CreateAccount with Tags is denied naming organizations:TagResource', async () => {
    const org = new OrganizationsClient(
      emu.clientConfig('us-east-1', await sessionAllowing(['organizations:CreateAccount'])),
    )
    const error = await failure(
      org.send(
        new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'x', Tags: [{ Key: 'k', Value: 'v' }] }),
      ),
    )
    expect(error.name).toBe('AccessDeniedException')
    expect(error.message).toContain('is not authorized to perform: organizations:TagResource')
    const plain = await org.send(new CreateAccountCommand({ Email: 'y@example.com', AccountName: 'y' }))
    expect(plain.CreateAccountStatus?.State).toBe('IN_PROGRESS')
  })
})
