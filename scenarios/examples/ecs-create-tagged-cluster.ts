// ECS with tags: since March 29, 2024 ("Tagging Authorization will be turned on for all AWS accounts",
// AWS email quoted in aws/aws-cdk issue 28854) a tagged CreateCluster or RegisterTaskDefinition also
// needs ecs:TagResource (scoped with the ecs:CreateAction condition key).
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 'ecs/create-tagged-cluster',
  description: 'CreateCluster and RegisterTaskDefinition with tags (tag-on-create: ecs:TagResource)',
  async run({ client, uniqueName, tags, step, onCleanup }) {
    const ecs = client(ECSClient)
    const ecsTags = Object.entries(tags).map(([key, value]) => ({ key, value }))
    const clusterName = uniqueName('harness-ecs')
    const cluster = await step('CreateCluster', () =>
      ecs.send(new CreateClusterCommand({ clusterName, tags: ecsTags })),
    )
    if (cluster.ok) onCleanup((admin) => admin(ECSClient).send(new DeleteClusterCommand({ cluster: clusterName })))
    const family = uniqueName('harness-td')
    const containerDefinitions = [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:latest', memory: 128 }]
    const registered = await step('RegisterTaskDefinition', () =>
      ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions, tags: ecsTags })),
    )
    const arn = registered.value?.taskDefinition?.taskDefinitionArn
    if (arn) onCleanup((admin) => admin(ECSClient).send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })))
  },
})
