/** The account's own SSM parameters through the real SDK client: create, read, tag, delete, errors, IAM. */
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'

describe('SSM account parameters', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const ssm = () => new SSMClient(emu.clientConfig(REGION))

  it('Given PutParameter with tags, GetParameter reads it, the tags list, and DeleteParameter removes it', async () => {
    const put = await ssm().send(
      new PutParameterCommand({
        Name: '/app/db-host',
        Value: 'db.internal',
        Type: 'String',
        Tags: [{ Key: 'team', Value: 'blue' }],
      }),
    )
    expect(put).toMatchObject({ Version: 1, Tier: 'Standard' })
    const { Parameter } = await ssm().send(new GetParameterCommand({ Name: '/app/db-host' }))
    expect(Parameter).toMatchObject({
      Name: '/app/db-host',
      Type: 'String',
      Value: 'db.internal',
      Version: 1,
      ARN: 'arn:aws:ssm:eu-west-1:111111111111:parameter/app/db-host',
    })
    expect(Parameter!.LastModifiedDate!.toISOString()).toMatch(/^2026-06-01T/)
    const tagged = { ResourceType: 'Parameter' as const, ResourceId: '/app/db-host' }
    await ssm().send(new AddTagsToResourceCommand({ ...tagged, Tags: [{ Key: 'env', Value: 'dev' }] }))
    await ssm().send(new RemoveTagsFromResourceCommand({ ...tagged, TagKeys: ['team'] }))
    expect((await ssm().send(new ListTagsForResourceCommand(tagged))).TagList).toEqual([{ Key: 'env', Value: 'dev' }])

    const listed = await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()
    expect(JSON.stringify(listed)).toContain('"arn":"arn:aws:ssm:eu-west-1:111111111111:parameter/app/db-host"')

    await ssm().send(new DeleteParameterCommand({ Name: '/app/db-host' }))
    expect(await failure(ssm().send(new GetParameterCommand({ Name: '/app/db-host' })))).toBeInstanceOf(
      ParameterNotFound,
    )
    expect(await failure(ssm().send(new DeleteParameterCommand({ Name: '/app/db-host' })))).toBeInstanceOf(
      ParameterNotFound,
    )
  })

  it('overwrites only when asked, bumping the version; SecureString values stay hidden without WithDecryption', async () => {
    await ssm().send(new PutParameterCommand({ Name: 'token', Value: 's3cr3t', Type: 'SecureString' }))
    const exists = await failure(
      ssm().send(new PutParameterCommand({ Name: 'token', Value: 'x', Type: 'SecureString' })),
    )
    expect(exists).toBeInstanceOf(ParameterAlreadyExists)
    expect(exists.message).toBe(
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    )
    const second = await ssm().send(new PutParameterCommand({ Name: 'token', Value: 'n3w', Overwrite: true }))
    expect(second.Version).toBe(2)
    const hidden = await ssm().send(new GetParameterCommand({ Name: 'token' }))
    expect(hidden.Parameter!.Value).not.toContain('n3w')
    const shown = await ssm().send(new GetParameterCommand({ Name: 'token', WithDecryption: true }))
    expect(shown.Parameter!.Value).toBe('n3w')
  })

  it('answers invalid requests with ValidationException in AWS words', async () => {
    const cases: Array<[PutParameterCommand, RegExp]> = [
      [
        new PutParameterCommand({ Name: 'x', Value: 'v' }),
        /^A parameter type is required when you create a parameter\.$/,
      ],
      [
        new PutParameterCommand({ Name: '/aws/mine', Value: 'v', Type: 'String' }),
        /^Parameter name: can't be prefixed with "aws" or "ssm"/,
      ],
      [
        new PutParameterCommand({
          Name: 'y',
          Value: 'v',
          Type: 'String',
          Overwrite: true,
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
        /tags and overwrite can't be used together/,
      ],
      [
        new PutParameterCommand({ Name: 'z', Value: 'v'.repeat(4097), Type: 'String' }),
        /maximum parameter value of 4096/,
      ],
      [
        new PutParameterCommand({ Name: 'w', Value: 'v', Type: 'Number' as 'String' }),
        /Member must satisfy enum value set: \[String, StringList, SecureString\]/,
      ],
    ]
    for (const [command, message] of cases) {
      const error = await failure(ssm().send(command))
      expect(error.name).toBe('ValidationException')
      expect(error.$metadata.httpStatusCode).toBe(400)
      expect(error.message).toMatch(message)
    }
  })

  it('PutParameter with tags also needs ssm:AddTagsToResource on the parameter', async () => {
    const session = await minimalSession(emu, policy(allowStatement(['ssm:PutParameter', 'ssm:GetParameter'])), {
      region: REGION,
    })
    const minimal = new SSMClient(emu.clientConfig(REGION, session.credentials))
    await minimal.send(new PutParameterCommand({ Name: '/plain', Value: 'v', Type: 'String' }))
    const denied = await failure(
      minimal.send(
        new PutParameterCommand({ Name: '/tagged', Value: 'v', Type: 'String', Tags: [{ Key: 'k', Value: 'v' }] }),
      ),
    )
    expect(denied.name).toBe('AccessDeniedException')
    // Wording as quoted in pepperize/cdk-ssm-parameters-cross-region issue 442 (see services/ssm/authorize.ts).
    expect(denied.message).toContain(
      `is not authorized to perform: ssm:AddTagsToResource on resource: arn:aws:ssm:${REGION}:${session.accountId}:` +
        'parameter/tagged because no identity-based policy allows the ssm:AddTagsToResource action',
    )
    expect(await failure(minimal.send(new GetParameterCommand({ Name: '/tagged' })))).toBeInstanceOf(ParameterNotFound)
  })
})
