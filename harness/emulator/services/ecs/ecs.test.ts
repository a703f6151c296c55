/**
 * ECS through the real SDK v3 client: clusters, task definitions, tasks, services and tags; modeled
 * errors; tag-on-create under the tagResourceAuthorization setting and after the March 2024 change.
 */
import {
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListAccountSettingsCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  PutAccountSettingCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ACCOUNT = '111111111111'
const container = [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:latest', memory: 128 }]
const FARGATE = {
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
}
const CREATE_ACTIONS = ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask', 'ecs:CreateService']

describe('ECS', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const ecs = () => new ECSClient(emu.clientConfig(REGION))

  it('Given a tagged cluster and task definition, RunTask and CreateService work and everything is cleaned up', async () => {
    const tags = [{ key: 'team', value: 'blue' }]
    const { cluster } = await ecs().send(new CreateClusterCommand({ clusterName: 'work', tags }))
    expect(cluster).toMatchObject({
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/work`,
      status: 'ACTIVE',
      tags,
    })
    const registered = await ecs().send(
      new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: container, tags, ...FARGATE }),
    )
    expect(registered.taskDefinition).toMatchObject({ family: 'job', revision: 1, status: 'ACTIVE' })
    const second = await ecs().send(
      new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: container }),
    )
    expect(second.taskDefinition!.revision).toBe(2)
    const noCapacity = await ecs().send(new RunTaskCommand({ cluster: 'work', taskDefinition: 'job:1' }))
    expect(noCapacity.tasks).toEqual([])
    expect(noCapacity.failures![0]!.reason).toBe('No Container Instances were found in your cluster.')
    const fargateTask = { cluster: 'work', taskDefinition: 'job:1', launchType: 'FARGATE' as const }
    const noNetwork = await failure(ecs().send(new RunTaskCommand(fargateTask)))
    expect(noNetwork.name).toBe('InvalidParameterException')
    const networkConfiguration = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } }
    const run = await ecs().send(new RunTaskCommand({ ...fargateTask, networkConfiguration, tags }))
    expect(run.tasks![0]).toMatchObject({
      lastStatus: 'PROVISIONING',
      taskDefinitionArn: registered.taskDefinition!.taskDefinitionArn,
    })
    const { service } = await ecs().send(
      new CreateServiceCommand({ cluster: 'work', serviceName: 'web', taskDefinition: 'job', desiredCount: 0, tags }),
    )
    expect(service!.serviceArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT}:service/work/web`)
    await ecs().send(
      new TagResourceCommand({ resourceArn: cluster!.clusterArn!, tags: [{ key: 'env', value: 'dev' }] }),
    )
    expect((await ecs().send(new ListTagsForResourceCommand({ resourceArn: cluster!.clusterArn! }))).tags).toEqual([
      ...tags,
      { key: 'env', value: 'dev' },
    ])
    const described = await ecs().send(new DescribeTasksCommand({ cluster: 'work', tasks: [run.tasks![0]!.taskArn!] }))
    expect(described.tasks!.map((task) => task.lastStatus)).toEqual(['PROVISIONING'])
    const services = await ecs().send(new DescribeServicesCommand({ cluster: 'work', services: ['web', 'nope'] }))
    expect(services.services!.map((s) => s.serviceName)).toEqual(['web'])
    expect(services.failures!.map((f) => f.reason)).toEqual(['MISSING'])
    const { taskDefinitionArns } = await ecs().send(new ListTaskDefinitionsCommand({ familyPrefix: 'job' }))
    expect(taskDefinitionArns).toEqual([1, 2].map((n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/job:${n}`))
    const busy = await failure(ecs().send(new DeleteClusterCommand({ cluster: 'work' })))
    expect(busy.name).toBe('ClusterContainsServicesException')

    await ecs().send(new DeleteServiceCommand({ cluster: 'work', service: 'web' }))
    await ecs().send(new StopTaskCommand({ cluster: 'work', task: run.tasks![0]!.taskArn! }))
    for (const revision of [1, 2])
      await ecs().send(new DeregisterTaskDefinitionCommand({ taskDefinition: `job:${revision}` }))
    await ecs().send(new DeleteClusterCommand({ cluster: 'work' }))
    const resources = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as {
      resources: Array<{ type: string }>
    }
    expect(resources.resources.filter((resource) => resource.type.startsWith('ecs:'))).toEqual([])
  })

  it('answers modeled errors', async () => {
    const missing = await failure(ecs().send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'x' })))
    expect(missing).toBeInstanceOf(ClusterNotFoundException)
    expect(missing.message).toBe('Cluster not found.')
    const { failures } = await ecs().send(new DescribeClustersCommand({ clusters: ['nope'] }))
    expect(failures).toEqual([{ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/nope`, reason: 'MISSING' }])
    await ecs().send(new CreateClusterCommand({ clusterName: 'c' }))
    const noDefinition = await failure(ecs().send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'none' })))
    expect(noDefinition.name).toBe('ClientException')
  })

  it('refuses Fargate task definitions without awsvpc or task-level cpu/memory, and Fargate services without subnets', async () => {
    // Texts as ECS answers them (FACTS.md, ECS).
    const register = (input: Partial<typeof FARGATE>, containers: object[] = container) =>
      failure(
        ecs().send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: containers, ...input })),
      )
    const cases: Array<[Partial<typeof FARGATE>, string]> = [
      [{ ...FARGATE, networkMode: undefined }, 'Fargate only supports network mode ‘awsvpc’.'],
      [{ ...FARGATE, cpu: undefined }, "Fargate requires that 'cpu' be defined at the task level."],
      [{ ...FARGATE, memory: undefined }, "Fargate requires that 'memory' be defined at the task level."],
    ]
    for (const [input, message] of cases) {
      const refused = await register(input)
      expect(refused.name).toBe('ClientException')
      expect(refused.message).toBe(message)
    }
    const noMemory = await register({}, [{ name: 'app', image: 'busybox' }])
    expect(noMemory.message).toBe(
      "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
    )

    await ecs().send(new CreateClusterCommand({ clusterName: 'c' }))
    await ecs().send(new RegisterTaskDefinitionCommand({ family: 'fg', containerDefinitions: container, ...FARGATE }))
    await ecs().send(new RegisterTaskDefinitionCommand({ family: 'ec2', containerDefinitions: container }))
    const service = { cluster: 'c', desiredCount: 0, launchType: 'FARGATE' as const }
    const noNetwork = await failure(
      ecs().send(new CreateServiceCommand({ ...service, serviceName: 's1', taskDefinition: 'fg' })),
    )
    expect(noNetwork.name).toBe('InvalidParameterException')
    expect(noNetwork.message).toBe("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    const notFargate = await failure(
      ecs().send(new CreateServiceCommand({ ...service, serviceName: 's2', taskDefinition: 'ec2' })),
    )
    expect(notFargate.name).toBe('InvalidParameterException')
    expect(notFargate.message).toBe('Task definition does not support launch_type FARGATE.')
  })

  it('after March 29, 2024 a tagged create needs ecs:TagResource even with the setting off; ecs:CreateAction scopes it', async () => {
    const tagOnCreate = allowStatement('ecs:TagResource', '*', {
      StringEquals: { 'ecs:CreateAction': 'CreateCluster' },
    })
    const session = await minimalSession(emu, policy(allowStatement(CREATE_ACTIONS), tagOnCreate), { region: REGION })
    const minimal = new ECSClient(emu.clientConfig(REGION, session.credentials))
    const tags = [{ key: 'k', value: 'v' }]
    await minimal.send(new CreateClusterCommand({ clusterName: 'tagged', tags }))
    const denied = await failure(
      minimal.send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: container, tags })),
    )
    expect(denied.name).toBe('AccessDeniedException')
    // Wording as quoted in aws/aws-cdk issue 25768 (see services/ecs/authorize.ts).
    expect(denied.message).toContain(
      `is not authorized to perform: ecs:TagResource on resource: arn:aws:ecs:${REGION}:${session.accountId}:task-definition/f:1 ` +
        'because no identity-based policy allows the ecs:TagResource action',
    )
  })
})

describe('ECS before March 29, 2024', () => {
  const emu = withEmulator({ date: '2024-02-01T00:00:00Z' })

  it('allows tagged creates without ecs:TagResource while the setting is off (the default)', async () => {
    const session = await minimalSession(emu, policy(allowStatement([...CREATE_ACTIONS, 'ecs:ListAccountSettings'])), {
      region: REGION,
    })
    const minimal = new ECSClient(emu.clientConfig(REGION, session.credentials))
    const { settings } = await minimal.send(new ListAccountSettingsCommand({ name: 'tagResourceAuthorization' }))
    expect(settings![0]!.value).toBe('off')
    await minimal.send(new CreateClusterCommand({ clusterName: 'tagged', tags: [{ key: 'k', value: 'v' }] }))
    await minimal.send(
      new RegisterTaskDefinitionCommand({
        family: 'f',
        containerDefinitions: container,
        tags: [{ key: 'k', value: 'v' }],
      }),
    )
  })

  it('Given tagResourceAuthorization on (the 2023 setting), a tagged create also needs ecs:TagResource', async () => {
    const session = await minimalSession(emu, policy(allowStatement([...CREATE_ACTIONS, 'ecs:PutAccountSetting'])), {
      region: REGION,
    })
    const minimal = new ECSClient(emu.clientConfig(REGION, session.credentials))
    await minimal.send(new PutAccountSettingCommand({ name: 'tagResourceAuthorization', value: 'on' }))
    const denied = await failure(
      minimal.send(new CreateClusterCommand({ clusterName: 'tagged', tags: [{ key: 'k', value: 'v' }] })),
    )
    expect(denied.name).toBe('AccessDeniedException')
    // Wording as quoted in aws/aws-cdk issue 25768 (see services/ecs/authorize.ts).
    expect(denied.message).toContain(
      `is not authorized to perform: ecs:TagResource on resource: arn:aws:ecs:${REGION}:${session.accountId}:cluster/tagged ` +
        'because no identity-based policy allows the ecs:TagResource action',
    )
    await minimal.send(new CreateClusterCommand({ clusterName: 'untagged' }))
  })
})
