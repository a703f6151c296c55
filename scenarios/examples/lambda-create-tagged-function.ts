// A tagged Lambda function with its own execution role: CreateFunction needs iam:PassRole on the
// role and, with tags, lambda:TagResource. A new role takes a while to reach Lambda ("The role defined
// for the function cannot be assumed by Lambda."), so CreateFunction is retried while it propagates.
import { setTimeout as sleep } from 'node:timers/promises'
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { defineScenario } from '../../harness/index.js'

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})
/** An empty zip archive (the end-of-central-directory record only): enough for CreateFunction. */
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64')
const PROPAGATION_ATTEMPTS = 15

function stillPropagating(error: unknown): boolean {
  const { name, message } = error as { name?: string; message?: string }
  return name === 'InvalidParameterValueException' && /cannot be assumed by Lambda/.test(message ?? '')
}

export default defineScenario({
  name: 'lambda/create-tagged-function',
  description: 'CreateRole for Lambda, then CreateFunction with tags (iam:PassRole, lambda:TagResource)',
  async run({ client, uniqueName, tags, tagList, step, onCleanup }) {
    const RoleName = uniqueName('harness-fn-role')
    const role = await step('CreateRole', () =>
      client(IAMClient).send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST, Tags: tagList })),
    )
    const Role = role.value?.Role?.Arn
    if (!Role) return
    onCleanup((admin) => admin(IAMClient).send(new DeleteRoleCommand({ RoleName })))
    const FunctionName = uniqueName('harness-fn')
    const command = new CreateFunctionCommand({
      FunctionName,
      Role,
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: EMPTY_ZIP },
      Tags: tags,
    })
    const lambda = client(LambdaClient)
    const created = await step('CreateFunction', async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await lambda.send(command)
        } catch (error) {
          if (!stillPropagating(error) || attempt >= PROPAGATION_ATTEMPTS) throw error
          await sleep(2_000)
        }
      }
    })
    if (created.ok) onCleanup((admin) => admin(LambdaClient).send(new DeleteFunctionCommand({ FunctionName })))
  },
})
