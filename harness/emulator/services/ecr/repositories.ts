/** CreateRepository, DeleteRepository and DescribeRepositories handlers. */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { assertJsonNumber } from '../../core/wire-types.js'
import { type RepositoryRecord, type RepositoryStore, repositoryArn, repositoryStore, repositoryUri } from './store.js'
import { checkTagCount, readTags, requireRepositoryName } from './validation.js'

const TAG_MUTABILITY = new Set(['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'])

export function repositoryNotFound(name: string, accountId: string): AwsError {
  return new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${accountId}'`,
  )
}

export function requireRepository(ctx: RequestContext, store: RepositoryStore, name: string): RepositoryRecord {
  const repository = store.get(name)
  if (!repository) throw repositoryNotFound(name, ctx.caller.accountId)
  return repository
}

export function describeRepository(ctx: RequestContext, repository: RepositoryRecord): Record<string, unknown> {
  const accountId = ctx.caller.accountId
  return {
    repositoryArn: repositoryArn(ctx.region, accountId, repository.name),
    registryId: accountId,
    repositoryName: repository.name,
    repositoryUri: repositoryUri(ctx.region, accountId, repository.name),
    createdAt: repository.createdAt,
    imageTagMutability: repository.imageTagMutability,
    imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
    encryptionConfiguration: {
      encryptionType: repository.encryptionType,
      ...(repository.kmsKey ? { kmsKey: repository.kmsKey } : {}),
    },
  }
}

function readMutability(value: unknown): string {
  if (value === undefined || value === null) return 'MUTABLE'
  if (typeof value !== 'string' || !TAG_MUTABILITY.has(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${[...TAG_MUTABILITY].join(', ')}]'`,
    )
  }
  return value
}

export function createRepository(ctx: RequestContext): { repository: Record<string, unknown> } {
  const name = requireRepositoryName(ctx.params.repositoryName)
  const tags = readTags(ctx.params.tags)
  checkTagCount(tags)
  const imageTagMutability = readMutability(ctx.params.imageTagMutability)
  const store = repositoryStore(ctx)
  if (store.has(name)) {
    throw new AwsError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${ctx.caller.accountId}'`,
    )
  }
  const encryption = ctx.params.encryptionConfiguration ?? {}
  const repository: RepositoryRecord = {
    name,
    createdAt: ctx.now,
    tags,
    imageTagMutability,
    scanOnPush: ctx.params.imageScanningConfiguration?.scanOnPush === true,
    encryptionType: typeof encryption.encryptionType === 'string' ? encryption.encryptionType : 'AES256',
    kmsKey: typeof encryption.kmsKey === 'string' ? encryption.kmsKey : undefined,
  }
  store.set(name, repository)
  return { repository: describeRepository(ctx, repository) }
}

/** The emulator stores no images, so `force` never matters: RepositoryNotEmptyException cannot arise. */
export function deleteRepository(ctx: RequestContext): { repository: Record<string, unknown> } {
  const name = requireRepositoryName(ctx.params.repositoryName)
  const store = repositoryStore(ctx)
  const repository = requireRepository(ctx, store, name)
  store.delete(name)
  return { repository: describeRepository(ctx, repository) }
}

function decodeNextToken(token: unknown): string | undefined {
  if (token === undefined || token === null) return undefined
  const decoded = Buffer.from(String(token), 'base64url').toString('utf8')
  if (!decoded.startsWith('repo:')) {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a valid token'",
    )
  }
  return decoded.slice(5)
}

function readMaxResults(value: unknown): number {
  if (value === undefined || value === null) return 100
  assertJsonNumber(value)
  const max = Number(value)
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'",
    )
  }
  return max
}

export function describeRepositories(ctx: RequestContext): Record<string, unknown> {
  const store = repositoryStore(ctx)
  const names = ctx.params.repositoryNames
  if (Array.isArray(names) && names.length > 0) {
    const repositories = names.map((name) => requireRepository(ctx, store, String(name)))
    return { repositories: repositories.map((repository) => describeRepository(ctx, repository)) }
  }
  const max = readMaxResults(ctx.params.maxResults)
  const after = decodeNextToken(ctx.params.nextToken)
  const { keys, more } = store.page({ after, limit: max })
  const output: Record<string, unknown> = {
    repositories: keys.map((name) => describeRepository(ctx, store.get(name)!)),
  }
  const last = keys.at(-1)
  if (more && last !== undefined) output.nextToken = Buffer.from(`repo:${last}`).toString('base64url')
  return output
}
