// Creating a tagged SSM parameter: PutParameter with Tags also needs ssm:AddTagsToResource.
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 'ssm/put-tagged-parameter',
  description: 'PutParameter with tags (ssm:AddTagsToResource), then GetParameter',
  async run({ client, uniqueName, tagList, step, onCleanup }) {
    const ssm = client(SSMClient)
    const Name = `/${uniqueName('harness-param')}`
    const put = await step('PutParameter', () =>
      ssm.send(new PutParameterCommand({ Name, Value: 'harness', Type: 'String', Tags: tagList })),
    )
    if (!put.ok) return
    onCleanup((admin) => admin(SSMClient).send(new DeleteParameterCommand({ Name })))
    await step('GetParameter', () => ssm.send(new GetParameterCommand({ Name })))
  },
})
