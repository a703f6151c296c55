/** ECR authorization checks on repository ARNs through real SDK clients. */
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { minimalSession } from '../../authz/test-fixtures.js'
import { withEmulator } from '../../testing.js'
import { failure } from '../ec2/test-helpers.js'

const REGION = 'eu-west-1'

const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements })
const allow = (action: string | string[], resource: string | string[] = '*', condition?: object) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
})

describe('ECR authorization checks', () => {
  const emu = withEmulator()

  it('ECR checks repository ARNs', async () => {
    const session = await minimalSession(
      emu,
      policy(allow(['ecr:CreateRepository', 'ecr:DescribeRepositories'], `arn:aws:ecr:${REGION}:*:repository/team/*`)),
      { region: REGION },
    )
    const ecr = new ECRClient(emu.clientConfig(REGION, session.credentials))
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/app' }))
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/app'] }))
    expect(repositories).toHaveLength(1)
    const denied = await failure(ecr.send(new CreateRepositoryCommand({ repositoryName: 'other' })))
    expect(denied.name).toBe('AccessDeniedException')
  })
})
