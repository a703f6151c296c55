/**
 * The schema of one dated change to AWS behaviour. Built-in history and user `--timeline` files
 * share it, so a hypothetical change is rehearsed exactly like a real one.
 *
 * A change says WHAT (effect), to WHICH operations, WHERE (regions or a staged rollout), to WHOM
 * (all accounts, accounts that never used the call in that form, or accounts created after a date)
 * and FROM when.
 */
import { z } from 'zod'

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'must be an ISO 8601 date, e.g. "2022-11-10" or "2022-11-10T12:00:00Z"',
})

/** 'logs:CreateLogGroup' (IAM prefix, colon, API operation), 'ec2:*' (every operation of a service) or '*'. */
const operationName = z.string().regex(/^(\*|[a-z0-9-]+:([A-Za-z0-9]+|\*))$/, {
  message: 'must look like "<iam prefix>:<Operation>" (e.g. "logs:CreateLogGroup"), "<iam prefix>:*" or "*"',
})

const customCheck = z.strictObject({
  action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, { message: 'must look like "svc:Action"' }),
  /** Resource ARN; defaults to the resource of the operation's primary check. */
  resource: z.string().min(1).optional(),
})

const requireCheck = z.strictObject({
  kind: z.literal('require-check'),
  /** Built-in tag-on-create rule sets, or one extra check. */
  checks: z.union([
    z.literal('logs-tag-on-create'),
    z.literal('ecr-tag-on-create'),
    z.literal('ecs-tag-on-create'),
    customCheck,
  ]),
  /** Only requests that carry tags (Tags / tags / TagSpecification) need the check. */
  when: z.literal('with-tags').optional(),
})

const messageStyle = z.strictObject({
  kind: z.literal('message-style'),
  style: z.enum(['ec2-verbose-unauthorized', 'reason-clauses', 'logs-additional-permission', 'policy-arns']),
})

/** A switch a service consults (e.g. CloudFormation failing stacks whose resources cannot be tagged). */
const behaviour = z.strictObject({
  kind: z.literal('behaviour'),
  behaviour: z.enum([
    'cloudformation-tagging-strict',
    'lambda-get-function-tags-need-list-tags',
    's3-acls-disabled-by-default',
  ]),
})

const rolloutStep = z.strictObject({
  /** A region name, or '*' for every region not listed. */
  region: z.string().min(1),
  date: isoDate,
})

const where = z.union([
  z.literal('all'),
  z.strictObject({ regions: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ rollout: z.array(rolloutStep).min(1) }),
])

const who = z.union([
  z.literal('all-accounts'),
  /** Only accounts that had not successfully made the call (in that form) in that region before the change reached it. */
  z.literal('never-used'),
  z.strictObject({ createdAfter: isoDate }),
])

export const timelineChangeSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Where the facts come from: a URL or a short note. */
  source: z.string().min(1),
  dateApproximate: z.boolean().optional(),
  operations: z.array(operationName).min(1),
  effect: z.discriminatedUnion('kind', [requireCheck, messageStyle, behaviour]),
  where,
  who,
  from: isoDate,
})

export type TimelineChangeInput = z.input<typeof timelineChangeSchema>
export type ParsedTimelineChange = z.output<typeof timelineChangeSchema>
export type TimelineEffect = ParsedTimelineChange['effect']
export type MessageStyle = z.output<typeof messageStyle>['style']

/** A user file holds an array of changes or `{ "changes": [...] }`. */
export const timelineFileSchema = z.union([z.array(z.unknown()), z.strictObject({ changes: z.array(z.unknown()) })])
