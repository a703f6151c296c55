/**
 * The known history of AWS permission and message changes the emulator replays, as data.
 * Each entry names its sources; `dateApproximate` marks dates inferred from first public reports
 * rather than announced by AWS. See /work/shared/aws-facts.md §5, §6, §7, §8.
 */
import type { TimelineChange } from './types.js'

export const AWS_HISTORY: readonly TimelineChange[] = [
  {
    id: 'aws-2021-access-denied-reason-clauses',
    title: 'AccessDenied messages gain the policy-type reason ("because no identity-based policy allows …")',
    source:
      'AWS Security Blog "Enhanced access denied error messages with policy ARNs" refers to "our 2021 enhancement that ' +
      'added the type of the policy denying the access"; grammar from IAM UG troubleshoot_access-denied. Month not ' +
      'announced in the sources read; 2021-09-01 is an estimate.',
    dateApproximate: true,
    operations: ['*'],
    effect: { kind: 'message-style', style: 'reason-clauses' },
    where: 'all',
    who: 'all-accounts',
    from: '2021-09-01',
  },
  {
    id: 'aws-2022-logs-create-log-group-tag-on-create',
    title: 'CloudWatch Logs: CreateLogGroup with tags also needs logs:TagResource or logs:TagLogGroup',
    source:
      'First reports 2022-10-26 (aws-samples/aws-secure-environment-accelerator#1079); "a small, alphabetically early ' +
      'region" (coiled.io blog, Nov 2022; af-south-1 is our stand-in, the region was not named); ca-central-1 on ' +
      '2022-11-10 (aws-samples/pcluster-manager#361, aws/aws-parallelcluster#4529); ParallelCluster known issue ' +
      '2022-11-23 (aws/aws-parallelcluster#4588), taken as "all regions". AWS email (Dec 2022): "not required for ' +
      'existing accounts that previously used CreateLogGroup API with tags".',
    dateApproximate: true,
    operations: ['logs:CreateLogGroup'],
    effect: { kind: 'require-check', checks: 'logs-tag-on-create', when: 'with-tags' },
    where: {
      rollout: [
        { region: 'af-south-1', date: '2022-10-26' },
        { region: 'ca-central-1', date: '2022-11-10' },
        { region: '*', date: '2022-11-23' },
      ],
    },
    who: 'never-used',
    from: '2022-10-26',
  },
  {
    id: 'aws-2023-logs-additional-permission-message',
    title: 'CloudWatch Logs tag-on-create denial adds: An additional permission "logs:TagResource" is required.',
    source:
      'Message seen 2023-04-20 (DataDog/cloudformation-template#61) and later (aws-solutions-library-samples/' +
      'data-lakes-on-aws#266); AWS email of Dec 2022 asked for logs:TagResource by 2023-01-31, so 2023-02-01 is an estimate.',
    dateApproximate: true,
    operations: ['logs:CreateLogGroup'],
    effect: { kind: 'message-style', style: 'logs-additional-permission' },
    where: 'all',
    who: 'all-accounts',
    from: '2023-02-01',
  },
  {
    id: 'aws-2022-ecr-create-repository-tag-on-create',
    title: 'ECR: CreateRepository with tags also needs ecr:TagResource',
    source:
      'First reports 2022-12-21 (estahn/k8s-image-swapper#416; coiled.io blog "an ecr:TagResource problem in ' +
      'December"); AWS notification about Jan 2023: "Allow access will be needed for the ecr:TagResource and ' +
      'ecr:CreateRepository actions to create a repository with tags". Accounts that had created a tagged repository ' +
      'were unaffected (coiled.io). No source names a region or a per-region date (the "in that region" in coiled.io ' +
      'is about account freshness), so unlike the Logs entry this one is not staged: inventing region/date pairs ' +
      'would be fiction. To rehearse a regional rollout, override this id from a --timeline file.',
    dateApproximate: true,
    operations: ['ecr:CreateRepository'],
    effect: { kind: 'require-check', checks: 'ecr-tag-on-create', when: 'with-tags' },
    where: 'all',
    who: 'never-used',
    from: '2022-12-21',
  },
  {
    id: 'aws-2023-s3-acls-disabled-by-default',
    title:
      'S3: new buckets are BucketOwnerEnforced (ACLs disabled) with Block Public Access on, so CreateBucket refuses ACLs',
    source:
      'AWS News Blog "Heads-Up: Amazon S3 Security Changes Are Coming in April of 2023" ("will begin to go into effect ' +
      'in April and will be rolled out to all AWS Regions within weeks"); AWS News Blog "New – Simplify Access ' +
      'Management for Data Stored in Amazon S3", update of 2023-04-27: in effect "for all new S3 buckets in all AWS ' +
      'Regions"; us-east-2 already refused ACLs on 2023-04-12 (crossplane-contrib/provider-aws#1723). No per-region ' +
      'dates are published, so the earliest possible day of the rollout, April 1, holds everywhere.',
    dateApproximate: true,
    operations: ['s3:CreateBucket'],
    effect: { kind: 'behaviour', behaviour: 's3-acls-disabled-by-default' },
    where: 'all',
    who: 'all-accounts',
    from: '2023-04-01',
  },
  {
    id: 'aws-2020-cloudformation-tagging-permissions-new-accounts',
    title:
      "CloudFormation: CreateStack fails when the caller may not tag the stack's resources (accounts created from now on)",
    source:
      'AWS email quoted in awslabs/aws-well-architected-labs PR 125: "As of September 4, 2020, AWS CloudFormation will ' +
      'deny CreateStack and UpdateStack operations when the executing user does not have sufficient tagging permissions ' +
      'for associated resources" (e.g. "For AWS::S3::Bucket, use s3:PutBucketTagging"). AWS re:Post knowledge center ' +
      'article cloudformation-resource-tagging-errors: existing accounts were exempt until February 29, 2024, so the ' +
      'rule first held for accounts created after the announcement.',
    dateApproximate: true,
    operations: ['cloudformation:CreateStack'],
    effect: { kind: 'behaviour', behaviour: 'cloudformation-tagging-strict' },
    where: 'all',
    who: { createdAfter: '2020-09-04' },
    from: '2020-09-04',
  },
  {
    id: 'aws-2024-cloudformation-tagging-permissions-all-accounts',
    title: 'CloudFormation: the tagging-permission rule reaches existing accounts too',
    source:
      'AWS re:Post knowledge center article cloudformation-resource-tagging-errors: "Existing accounts are exempt ... ' +
      'until February 29, 2024".',
    dateApproximate: false,
    operations: ['cloudformation:CreateStack'],
    effect: { kind: 'behaviour', behaviour: 'cloudformation-tagging-strict' },
    where: 'all',
    who: 'all-accounts',
    from: '2024-02-29',
  },
  {
    id: 'aws-2024-ecs-tag-resource-authorization',
    title:
      'ECS: tagged CreateCluster/RegisterTaskDefinition/RunTask/CreateService need ecs:TagResource in every account',
    source:
      'AWS email quoted in aws/aws-cdk issue 28854: "March 29, 2024 - Tagging Authorization will be turned on for all AWS ' +
      'accounts. The account level setting will no longer be used"; fix pattern (grant ecs:TagResource) in aws/aws-cdk PR ' +
      '28898. The setting itself dates from April 2023 (AWS email quoted in aws/copilot-cli issue 5601); before this ' +
      'date only accounts that turned tagResourceAuthorization on were affected. Later reports (stroeer/terraform-aws-' +
      'ecs-fargate PR 145: "Starting August 2024") suggest the rollout slipped, so the date is the announced one.',
    dateApproximate: true,
    operations: ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask', 'ecs:CreateService'],
    effect: { kind: 'require-check', checks: 'ecs-tag-on-create', when: 'with-tags' },
    where: 'all',
    who: 'all-accounts',
    from: '2024-03-29',
  },
  {
    id: 'aws-2024-lambda-get-function-tags-need-list-tags',
    title: 'Lambda: GetFunction returns Tags only to callers allowed lambda:ListTags',
    source:
      'AWS email quoted in DataBiosphere/azul issue 6387 and awslabs/aws-deployment-framework PR 748: "Beginning July ' +
      '27, 2024, Lambda will return tags data only when the principal calling GetFunction API has a policy with explicit ' +
      'allow permission on ListTags API". The email mentions a temporary allow list for accounts it identified; that ' +
      'exemption is not emulated.',
    dateApproximate: false,
    operations: ['lambda:GetFunction'],
    effect: { kind: 'behaviour', behaviour: 'lambda-get-function-tags-need-list-tags' },
    where: 'all',
    who: 'all-accounts',
    from: '2024-07-27',
  },
  {
    id: 'aws-2024-ec2-verbose-unauthorized-operation',
    title: 'EC2 UnauthorizedOperation names principal, action, resource and reason before the encoded message',
    source:
      'CreateFleet variant naming the policy type (aws/karpenter-provider-aws#6298, mid 2024); RunInstances with ' +
      '"User: … is not authorized to perform: ec2:RunInstances on resource: … with an explicit deny in a service ' +
      'control policy. Encoded authorization failure message: …" seen Nov 2024 (aws/karpenter-provider-aws#7370). ' +
      'Start date estimated.',
    dateApproximate: true,
    operations: ['ec2:*'],
    effect: { kind: 'message-style', style: 'ec2-verbose-unauthorized' },
    where: 'all',
    who: 'all-accounts',
    from: '2024-05-01',
  },
  {
    id: 'aws-2026-access-denied-policy-arns',
    title: 'Explicit-deny AccessDenied messages end with the denying policy ARN (same account / organization)',
    source:
      'AWS Security Blog "Enhanced access denied error messages with policy ARNs" ("gradually rolling out across all ' +
      'AWS services in all AWS Regions"; SCPs, RCPs, permissions boundaries, session and identity-based policies); ' +
      'dated January 2026 by haitmg.pl. Emulated for explicit denies by policies that have an ARN (managed policies, SCPs).',
    dateApproximate: true,
    operations: ['*'],
    effect: { kind: 'message-style', style: 'policy-arns' },
    where: 'all',
    who: 'all-accounts',
    from: '2026-01-15',
  },
]

/**
 * Built-in history followed by the user's changes. A user change with the id of a history entry
 * replaces that entry (to rehearse, say, a different rollout of a real change).
 */
export function withAwsHistory(user: readonly TimelineChange[]): TimelineChange[] {
  const replaced = new Set(user.map((change) => change.id))
  return [...AWS_HISTORY.filter((change) => !replaced.has(change.id)), ...user]
}
