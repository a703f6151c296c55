/** GetCallerIdentity, token versions from the global endpoint, and DecodeAuthorizationMessage through the SDK. */
import { IAMClient, SetSecurityTokenServicePreferencesCommand } from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetCallerIdentityCommand,
  InvalidAuthorizationMessageException,
  STSClient,
} from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { encodeAuthorizationMessage } from '../../authz/encoded-messages.js'
import { vendAccount } from '../../test-accounts.js'
import { failure, withEmulator } from '../../testing.js'

describe('STS identity and tokens', () => {
  const emu = withEmulator()

  it('Given test/test, then GetCallerIdentity names the admin user of the management account', async () => {
    const out = await new STSClient(emu.clientConfig()).send(new GetCallerIdentityCommand({}))
    expect(out).toMatchObject({
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/admin',
      UserId: 'AIDAEMULATORADMIN0001',
    })
  })

  it('Given the global endpoint, then tokens are v1 until the account switches to v2Token', async () => {
    const accountId = await vendAccount(emu, 'tok@example.com')
    const roleArn = `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`
    const global = new STSClient(emu.globalStsConfig('us-east-1'))
    const v1 = await global.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'g1' }))
    expect(emu.state.credentials.get(v1.Credentials!.AccessKeyId!)?.caller.tokenVersion).toBe('v1')
    await new IAMClient(emu.clientConfig()).send(
      new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }),
    )
    const v2 = await global.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'g2' }))
    expect(emu.state.credentials.get(v2.Credentials!.AccessKeyId!)?.caller.tokenVersion).toBe('v2')
    const regional = await new STSClient(emu.clientConfig('eu-west-1')).send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'r1' }),
    )
    expect(emu.state.credentials.get(regional.Credentials!.AccessKeyId!)?.caller.tokenVersion).toBe('v2')
  })

  it('Given an encoded message issued to the account, then DecodeAuthorizationMessage returns its JSON; garbage fails', async () => {
    const decoded = JSON.stringify({ allowed: false, explicitDeny: false })
    const blob = encodeAuthorizationMessage(emu.state, '111111111111', decoded)
    const sts = new STSClient(emu.clientConfig())
    expect((await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: blob }))).DecodedMessage).toBe(
      decoded,
    )
    const error = await failure(sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'garbage' })))
    expect(error).toBeInstanceOf(InvalidAuthorizationMessageException)
  })
})
