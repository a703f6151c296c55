/**
 * QA: suggested fixes widened the grant when a declared Allow covered the denied call under a Condition the call
 * did not meet. (a) iam:PassRole allowed only for iam:PassedToService = ecs.amazonaws.com (ECS passes a task role
 * to ecs-tasks.amazonaws.com): the fix and the --verify-fix patch added an unconditional iam:PassRole, "Fix
 * verified". (b) ecs:TagResource allowed only for the ecs:CreateAction values listed, CreateService not among
 * them: the fix said to add ecs:TagResource to Sid "Ecs", which has no condition. Through the real CLI and SDK
 * on the emulator: each fix is a statement with the declared scope and condition, naming what the call carried,
 * and the follow-up run confirms that this least-privilege patch is enough.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project } from './cli-project.js'

const SCENARIO = `import { CreateClusterCommand, CreateServiceCommand, DeleteClusterCommand, DeleteServiceCommand, DeregisterTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'app/ecs-service',
  async run({ client, uniqueName, tags, step, onCleanup, facts, accountId }) {
    const ecs = client(ECSClient)
    const ecsTags = Object.entries(tags).map(([key, value]) => ({ key, value }))
    const cluster = uniqueName('app-cluster')
    const c = await step('CreateCluster', () => ecs.send(new CreateClusterCommand({ clusterName: cluster, tags: ecsTags })))
    if (!c.ok) return
    onCleanup((admin) => admin(ECSClient).send(new DeleteClusterCommand({ cluster })))
    const td = await step('RegisterTaskDefinition', () =>
      ecs.send(new RegisterTaskDefinitionCommand({
        family: uniqueName('app-td'), tags: ecsTags, requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512',
        taskRoleArn: \`arn:aws:iam::\${accountId}:role/app-task-role\`,
        containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:latest', essential: true }],
      })),
    )
    const arn = td.value?.taskDefinition?.taskDefinitionArn
    if (!arn) return
    onCleanup((admin) => admin(ECSClient).send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })))
    const serviceName = uniqueName('app-svc')
    const svc = await step('CreateService', () =>
      ecs.send(new CreateServiceCommand({ cluster, serviceName, taskDefinition: arn, desiredCount: 0, launchType: 'FARGATE', tags: ecsTags,
        networkConfiguration: { awsvpcConfiguration: { subnets: [facts.subnetId] } } })),
    )
    if (svc.ok) onCleanup((admin) => admin(ECSClient).send(new DeleteServiceCommand({ cluster, service: serviceName, force: true })))
  },
})
`

const ECS_RESOURCES = [
  'arn:aws:ecs:*:*:cluster/app-cluster-*',
  'arn:aws:ecs:*:*:task-definition/app-td-*:*',
  'arn:aws:ecs:*:*:service/app-cluster-*/app-svc-*',
]

function policy(createActions: string[], passedTo: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Ecs',
        Effect: 'Allow',
        Action: ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
        Resource: ECS_RESOURCES,
      },
      {
        Sid: 'EcsTagOnCreate',
        Effect: 'Allow',
        Action: 'ecs:TagResource',
        Resource: ECS_RESOURCES,
        Condition: { StringEquals: { 'ecs:CreateAction': createActions } },
      },
      {
        Sid: 'PassTaskRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::*:role/app-task-role',
        Condition: { StringEquals: { 'iam:PassedToService': passedTo } },
      },
    ],
  }
}

interface Change {
  step: string
  missingAction?: string
  amendsStatement?: string
  suggestedStatement?: { Action: string[]; Resource: string; Condition?: unknown }
  conditionNotMet?: { statement: string; keys: Array<{ key: string; declared: string[]; actual: string }> }
}

describe('fixes for a denial a declared condition explains', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': `export default { scenarios: 'scenarios/*.ts', verifyFix: true, emulator: { timeScale: 0.0005 } }\n`,
      'wrong-service.json': JSON.stringify(
        policy(['CreateCluster', 'RegisterTaskDefinition', 'CreateService'], 'ecs.amazonaws.com'),
      ),
      'no-create-service.json': JSON.stringify(
        policy(['CreateCluster', 'RegisterTaskDefinition'], 'ecs-tasks.amazonaws.com'),
      ),
      'scenarios/ecs-service.ts': SCENARIO,
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  async function run(
    policyFile: string,
    reportsDir: string,
    step: string,
  ): Promise<{ result: CliResult; change: Change; patched: unknown }> {
    const result = await project.run([
      'run',
      '--region',
      'eu-west-1',
      '--policy',
      policyFile,
      '--reports-dir',
      reportsDir,
    ])
    const drift = JSON.parse(await project.read(`${reportsDir}/drift.json`)) as { changes: Change[] }
    const runs = (await project.files(`${reportsDir}/runs`)).sort()
    const record = JSON.parse(
      await project.read(path.join(reportsDir, 'runs', path.basename(runs[0] as string))),
    ) as RunRecord
    const change = drift.changes.find((c) => c.step === step) as Change
    return { result, change, patched: record.verifyFix?.policy }
  }

  it(
    '(a) iam:PassRole for the wrong service: a statement for ecs-tasks.amazonaws.com, never an unconditional PassRole',
    async () => {
      // ECS passes the task role when the task definition is registered (the emulator checks it there, as AWS).
      const { result, change, patched } = await run('wrong-service.json', 'reports-a', 'RegisterTaskDefinition')
      expect(change).toMatchObject({
        missingAction: 'iam:PassRole',
        suggestedStatement: {
          Action: ['iam:PassRole'],
          Resource: 'arn:aws:iam::*:role/app-task-role',
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        },
        conditionNotMet: {
          statement: 'Sid "PassTaskRole"',
          keys: [{ key: 'iam:PassedToService', declared: ['ecs.amazonaws.com'], actual: 'ecs-tasks.amazonaws.com' }],
        },
      })
      expect(change.amendsStatement).toBeUndefined()
      expect(unconditionalGrants(patched, 'iam:PassRole')).toEqual([])
      expect(result.stdout).toContain('Fix verified: 1 failing step allowed under the patched policy')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    '(b) ecs:CreateAction without CreateService: a statement for CreateService, not ecs:TagResource added to Sid "Ecs"',
    async () => {
      const { result, change, patched } = await run('no-create-service.json', 'reports-b', 'CreateService')
      expect(change).toMatchObject({
        missingAction: 'ecs:TagResource',
        suggestedStatement: {
          Action: ['ecs:TagResource'],
          Resource: 'arn:aws:ecs:*:*:service/app-cluster-*/app-svc-*',
          Condition: { StringEquals: { 'ecs:CreateAction': 'CreateService' } },
        },
        conditionNotMet: { statement: 'Sid "EcsTagOnCreate"' },
      })
      expect(change.amendsStatement).toBeUndefined()
      expect(unconditionalGrants(patched, 'ecs:TagResource')).toEqual([])
      expect(result.stdout).toContain('Fix verified: 1 failing step allowed under the patched policy')
    },
    E2E_TIMEOUT_MS,
  )
})

/** The patched policy's statements that grant `action` with no Condition. */
function unconditionalGrants(policy: unknown, action: string): unknown[] {
  const statements = (policy as { Statement?: Array<{ Action?: unknown; Condition?: unknown }> } | undefined)?.Statement
  expect(statements?.length).toBeGreaterThan(0)
  return (statements ?? []).filter((s) => [s.Action].flat().includes(action) && s.Condition === undefined)
}
