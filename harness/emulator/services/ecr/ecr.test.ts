/** ECR through the real SDK client against the emulator. */
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  InvalidParameterException,
  InvalidTagParameterException,
  ListTagsForResourceCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
} from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'

const ACCOUNT = '111111111111'
const REGION = 'us-east-2'

describe('ECR', () => {
  const emu = withEmulator({ date: PINNED_DATE })
  const client = () => new ECRClient(emu.clientConfig(REGION))

  it('creates a tagged repository with AWS identifiers', async () => {
    const { repository } = await client().send(
      new CreateRepositoryCommand({
        repositoryName: 'team/app',
        tags: [{ Key: 'team', Value: 'core' }],
        imageTagMutability: 'IMMUTABLE',
      }),
    )
    expect(repository).toMatchObject({
      repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/app`,
      registryId: ACCOUNT,
      repositoryName: 'team/app',
      repositoryUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/app`,
      imageTagMutability: 'IMMUTABLE',
    })
    expect(repository!.createdAt).toBeInstanceOf(Date)
    const { tags } = await client().send(new ListTagsForResourceCommand({ resourceArn: repository!.repositoryArn }))
    expect(tags).toEqual([{ Key: 'team', Value: 'core' }])
  })

  it('answers RepositoryAlreadyExistsException for a duplicate', async () => {
    await client().send(new CreateRepositoryCommand({ repositoryName: 'dup' }))
    const error = await failure(client().send(new CreateRepositoryCommand({ repositoryName: 'dup' })))
    expect(error).toBeInstanceOf(RepositoryAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(`The repository with name 'dup' already exists in the registry with id '${ACCOUNT}'`)
  })

  it.each(['Upper', 'a', 'bad__/name', '-lead'])('rejects the repository name %j', async (repositoryName) => {
    const error = await failure(client().send(new CreateRepositoryCommand({ repositoryName })))
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toMatch(/^Invalid parameter at 'repositoryName' failed to satisfy constraint: /)
  })

  it('rejects more than 50 tags and reserved tag keys', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    const tooMany = await failure(client().send(new CreateRepositoryCommand({ repositoryName: 'many', tags: many })))
    expect(tooMany).toBeInstanceOf(TooManyTagsException)
    expect(tooMany.$metadata.httpStatusCode).toBe(400)
    const reserved = [{ Key: 'aws:owner', Value: 'x' }]
    const invalid = await failure(client().send(new CreateRepositoryCommand({ repositoryName: 'res', tags: reserved })))
    expect(invalid).toBeInstanceOf(InvalidTagParameterException)
    expect(invalid.$metadata.httpStatusCode).toBe(400)
  })

  it('deletes with force, then answers RepositoryNotFoundException', async () => {
    await client().send(new CreateRepositoryCommand({ repositoryName: 'gone' }))
    const { repository } = await client().send(new DeleteRepositoryCommand({ repositoryName: 'gone', force: true }))
    expect(repository!.repositoryName).toBe('gone')
    const error = await failure(client().send(new DeleteRepositoryCommand({ repositoryName: 'gone' })))
    expect(error).toBeInstanceOf(RepositoryNotFoundException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(`The repository with name 'gone' does not exist in the registry with id '${ACCOUNT}'`)
  })

  it('describes named repositories and fails on a missing one', async () => {
    await client().send(new CreateRepositoryCommand({ repositoryName: 'one' }))
    const { repositories } = await client().send(new DescribeRepositoriesCommand({ repositoryNames: ['one'] }))
    expect(repositories!.map((r) => r.repositoryName)).toEqual(['one'])
    const error = await failure(client().send(new DescribeRepositoriesCommand({ repositoryNames: ['one', 'two'] })))
    expect(error).toBeInstanceOf(RepositoryNotFoundException)
    expect(error.message).toBe(`The repository with name 'two' does not exist in the registry with id '${ACCOUNT}'`)
  })

  it('pages DescribeRepositories', async () => {
    for (const name of ['r3', 'r1', 'r2']) await client().send(new CreateRepositoryCommand({ repositoryName: name }))
    const first = await client().send(new DescribeRepositoriesCommand({ maxResults: 2 }))
    expect(first.repositories!.map((r) => r.repositoryName)).toEqual(['r1', 'r2'])
    const second = await client().send(new DescribeRepositoriesCommand({ maxResults: 2, nextToken: first.nextToken }))
    expect(second.repositories!.map((r) => r.repositoryName)).toEqual(['r3'])
    expect(second.nextToken).toBeUndefined()
  })

  it('tags and untags by ARN, and fails on a missing repository', async () => {
    const { repository } = await client().send(new CreateRepositoryCommand({ repositoryName: 'tags' }))
    const resourceArn = repository!.repositoryArn!
    await client().send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    )
    await client().send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'a', Value: '3' }] }))
    await client().send(new UntagResourceCommand({ resourceArn, tagKeys: ['b'] }))
    const { tags } = await client().send(new ListTagsForResourceCommand({ resourceArn }))
    expect(tags).toEqual([{ Key: 'a', Value: '3' }])
    const missing = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/missing`
    const error = await failure(client().send(new ListTagsForResourceCommand({ resourceArn: missing })))
    expect(error).toBeInstanceOf(RepositoryNotFoundException)
  })

  it('lists repositories as emulator resources until deleted', async () => {
    await client().send(new CreateRepositoryCommand({ repositoryName: 'live', tags: [{ Key: 'k', Value: 'v' }] }))
    const listed = async () => {
      const body = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as { resources: any[] }
      return body.resources.filter((resource) => resource.type === 'ecr:repository')
    }
    expect(await listed()).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        type: 'ecr:repository',
        id: 'live',
        arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/live`,
        tags: { k: 'v' },
      },
    ])
    await client().send(new DeleteRepositoryCommand({ repositoryName: 'live' }))
    expect(await listed()).toEqual([])
  })
})
