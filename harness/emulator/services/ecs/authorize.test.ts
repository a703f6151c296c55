/**
 * ECS authorization through the real SDK v3 client, as a minimal role: iam:PassRole for the roles a
 * task definition names (with iam:PassedToService ecs-tasks.amazonaws.com), and the service condition
 * keys the Service Authorization Reference lists (ecs:cluster, ecs:task-definition, ecs:privileged).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const container = [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:latest', memory: 128 }]
const FARGATE = {
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
}
const networkConfiguration = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } }
const denyStatement = (action: string | string[], condition: object) => ({
  Effect: 'Deny',
  Action: action,
  Resource: '*',
  Condition: condition,
})

describe('ECS authorization', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('Given PassRole only for ecs-tasks on app-task-role, RegisterTaskDefinition may name that role and no other', async () => {
    const passTaskRole = allowStatement('iam:PassRole', 'arn:aws:iam::*:role/app-task-role', {
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    })
    const passForLambda = allowStatement('iam:PassRole', 'arn:aws:iam::*:role/worker-role', {
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    })
    const session = await minimalSession(
      emu,
      policy(allowStatement('ecs:RegisterTaskDefinition'), passTaskRole, passForLambda),
      { region: REGION },
    )
    const ecs = new ECSClient(emu.clientConfig(REGION, session.credentials))
    const role = (name: string) => `arn:aws:iam::${session.accountId}:role/${name}`

    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'job',
        containerDefinitions: container,
        taskRoleArn: role('app-task-role'),
        executionRoleArn: role('app-task-role'),
      }),
    )
    expect(registered.taskDefinition!.taskRoleArn).toBe(role('app-task-role'))

    for (const input of [{ taskRoleArn: role('worker-role') }, { executionRoleArn: role('other-role') }]) {
      const denied = await failure(
        ecs.send(new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: container, ...input })),
      )
      expect(denied.name).toBe('AccessDeniedException')
      const passed = Object.values(input)[0]
      expect(denied.message).toContain(`is not authorized to perform: iam:PassRole on resource: ${passed}`)
    }
  })

  it('sets ecs:cluster, ecs:task-definition and ecs:privileged, so Deny statements on them match', async () => {
    const prodCluster = 'arn:aws:ecs:*:*:cluster/prod'
    const session = await minimalSession(
      emu,
      policy(
        allowStatement('ecs:*'),
        denyStatement(['ecs:RunTask', 'ecs:CreateService'], { ArnLike: { 'ecs:cluster': prodCluster } }),
        denyStatement('ecs:CreateService', {
          ArnLike: { 'ecs:task-definition': 'arn:aws:ecs:*:*:task-definition/secret:*' },
        }),
        denyStatement('ecs:RegisterTaskDefinition', { Bool: { 'ecs:privileged': 'true' } }),
      ),
      { region: REGION },
    )
    const ecs = new ECSClient(emu.clientConfig(REGION, session.credentials))
    for (const clusterName of ['prod', 'dev']) await ecs.send(new CreateClusterCommand({ clusterName }))
    for (const family of ['job', 'secret'])
      await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: container, ...FARGATE }))
    const privileged = await failure(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'root',
          containerDefinitions: [{ ...container[0]!, privileged: true }],
        }),
      ),
    )
    expect(privileged.name).toBe('AccessDeniedException')
    expect(privileged.message).toContain('with an explicit deny in an identity-based policy')

    const task = { taskDefinition: 'job', launchType: 'FARGATE' as const, networkConfiguration }
    expect((await ecs.send(new RunTaskCommand({ ...task, cluster: 'dev' }))).tasks).toHaveLength(1)
    const service = { ...task, desiredCount: 0 }
    await ecs.send(new CreateServiceCommand({ ...service, cluster: 'dev', serviceName: 'web' }))
    const denials = [
      ecs.send(new RunTaskCommand({ ...task, cluster: 'prod' })),
      ecs.send(new CreateServiceCommand({ ...service, cluster: 'prod', serviceName: 'web' })),
      ecs.send(
        new CreateServiceCommand({ ...service, cluster: 'dev', serviceName: 'vault', taskDefinition: 'secret' }),
      ),
    ]
    for (const denial of denials) {
      const denied = await failure(denial)
      expect(denied.name).toBe('AccessDeniedException')
      expect(denied.message).toContain('with an explicit deny in an identity-based policy')
    }
  })
})
