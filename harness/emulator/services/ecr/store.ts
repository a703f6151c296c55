/** ECR state: repositories per account and region, and their identifiers. */
import { SortedMap } from '../../core/sorted-index.js'
import type { RequestContext, Tag } from '../../core/types.js'

export interface RepositoryRecord {
  name: string
  createdAt: Date
  tags: Tag[]
  imageTagMutability: string
  scanOnPush: boolean
  encryptionType: string
  kmsKey?: string
}

/** Repositories by name, kept sorted so DescribeRepositories pages in O(page). */
export type RepositoryStore = SortedMap<RepositoryRecord>

export function repositoryStore(ctx: RequestContext): RepositoryStore {
  return ctx.state.regionStore('ecr', ctx.caller.accountId, ctx.region, () => new SortedMap<RepositoryRecord>())
}

export function repositoryArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ecr:${region}:${accountId}:repository/${name}`
}

export function repositoryUri(region: string, accountId: string, name: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com/${name}`
}

export function repositoryNameFromArn(arn: string): string | undefined {
  return /^arn:aws[\w-]*:ecr:[\w-]+:\d{12}:repository\/(.+)$/.exec(arn)?.[1]
}
