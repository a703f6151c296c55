// Creating a tagged ECR repository: since December 2022 a fresh account also needs ecr:TagResource.
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { defineScenario } from '../harness/index.js'

export default defineScenario({
  name: 'ecr/create-tagged-repository',
  description: 'CreateRepository with tags (tag-on-create: ecr:TagResource)',
  operations: ['ecr:CreateRepository', 'ecr:CreateRepository+tags'],
  async run({ client, region, accountId, uniqueName, tagList, step, onCleanup }) {
    const ecr = client(ECRClient)
    // Named inside the step, so each re-check of a denial uses a fresh name.
    const created = await step('CreateRepository', async () => {
      const repositoryName = uniqueName('harness-repo')
      await ecr.send(new CreateRepositoryCommand({ repositoryName, tags: tagList }))
      return repositoryName
    })
    const repositoryName = created.value
    if (created.ok && repositoryName) {
      // The ARN goes to the run journal, so a run killed before cleanup leaves it for `harness sweep`.
      onCleanup((admin) => admin(ECRClient).send(new DeleteRepositoryCommand({ repositoryName, force: true })), {
        arn: `arn:aws:ecr:${region}:${accountId}:repository/${repositoryName}`,
      })
    }
  },
})
