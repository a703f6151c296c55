/** Live repositories for `GET /_emulator/resources`. */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { type RepositoryStore, repositoryArn } from './store.js'

export function listRepositoryResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<RepositoryStore>('ecr')) {
    if (!region) continue
    for (const repository of store.values()) {
      resources.push({
        accountId,
        region,
        type: 'ecr:repository',
        id: repository.name,
        arn: repositoryArn(region, accountId, repository.name),
        tags: Object.fromEntries(repository.tags.map((tag) => [tag.Key, tag.Value])),
      })
    }
  }
  return resources
}
