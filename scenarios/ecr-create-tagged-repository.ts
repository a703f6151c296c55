// Creating a tagged ECR repository: since December 2022 a fresh account also needs ecr:TagResource.
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { defineScenario } from '../harness/index.js'

export default defineScenario({
  name: 'ecr/create-tagged-repository',
  description: 'CreateRepository with tags (tag-on-create: ecr:TagResource)',
  async run({ client, uniqueName, tagList, step, onCleanup }) {
    const ecr = client(ECRClient)
    const repositoryName = uniqueName('harness-repo')
    const created = await step('CreateRepository', () =>
      ecr.send(new CreateRepositoryCommand({ repositoryName, tags: tagList })),
    )
    if (created.ok) {
      onCleanup((admin) => admin(ECRClient).send(new DeleteRepositoryCommand({ repositoryName, force: true })), {
        arn: created.value?.repository?.repositoryArn ?? [],
      })
    }
  },
})
