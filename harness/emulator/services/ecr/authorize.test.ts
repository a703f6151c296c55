/** ECR authorization checks on repository ARNs through real SDK clients. */
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'

describe('ECR authorization checks', () => {
  const emu = withEmulator()

  it('ECR checks repository ARNs', async () => {
    const session = await minimalSession(
      emu,
      policy(
        allowStatement(
          ['ecr:CreateRepository', 'ecr:DescribeRepositories'],
          `arn:aws:ecr:${REGION}:*:repository/team/*`,
        ),
      ),
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
