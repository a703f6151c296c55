/**
 * CreateFunction, GetFunction, ListFunctions, DeleteFunction. Rules and texts from the Lambda API
 * reference (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html) and the errors
 * users meet: "Function already exist: <name>" (ResourceConflictException 409), "Function not found:
 * <arn>" (ResourceNotFoundException 404), and "The role defined for the function cannot be assumed
 * by Lambda." (InvalidParameterValueException) while a new execution role has not propagated or does
 * not trust lambda.amazonaws.com (https://repost.aws/knowledge-center/lambda-role-cannot-be-assumed).
 * New functions start in State Pending (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 */
import { createHash } from 'node:crypto'
import { compareText } from '../../../compare-text.js'
import { createCheckEvaluator } from '../../authz/check-evaluator.js'
import { AwsError } from '../../core/errors.js'
import { decodeOffsetToken, encodePageToken } from '../../core/page-token.js'
import { optionalInteger, optionalString, optionalStringMap, requireString } from '../../core/params.js'
import { effectiveRolePermissions } from '../../core/state.js'
import { resourceTagContext } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { behaviourInForce } from '../../timeline/apply.js'
import { assertCreatableRuntime } from './runtimes.js'
import { type FunctionRecord, functionArn, functionNameOf, functionStore } from './store.js'
import { assertTagKeys, assertUnreservedVariables, readArchitecture } from './validation.js'
import { isZipArchive } from './zip-archive.js'

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/

const invalidParameter = (message: string) => new AwsError('InvalidParameterValueException', message)

export function functionNotFound(ctx: RequestContext, name: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Function not found: ${functionArn(ctx.region, ctx.caller.accountId, name)}`,
    {
      status: 404,
    },
  )
}

/** The execution role must exist in its account, trust Lambda, and have propagated. */
function assertAssumableByLambda(ctx: RequestContext, roleArn: string): void {
  const match = ROLE_ARN.exec(roleArn)
  const role = match ? ctx.state.accounts.get(match[1]!)?.iam.roles.get(match[2]!.toLowerCase()) : undefined
  const effective = role && !role.deleted ? effectiveRolePermissions(role, ctx.now) : undefined
  if (!effective?.trustPolicy.includes('lambda.amazonaws.com')) {
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.')
  }
}

function describe(ctx: RequestContext, record: FunctionRecord, state: 'Pending' | 'Active') {
  return {
    FunctionName: record.name,
    FunctionArn: functionArn(ctx.region, ctx.caller.accountId, record.name),
    ...(record.runtime ? { Runtime: record.runtime } : {}),
    Role: record.role,
    ...(record.handler ? { Handler: record.handler } : {}),
    CodeSize: record.codeSize,
    Description: record.description,
    Timeout: record.timeout,
    MemorySize: record.memorySize,
    LastModified: record.lastModified.toISOString().replace('Z', '+0000'),
    CodeSha256: record.codeSha256,
    Version: '$LATEST',
    State: state,
    PackageType: record.packageType,
    Architectures: [record.architecture],
  }
}

function readCode(ctx: RequestContext): { sha256: string; size: number; packageType: 'Zip' | 'Image' } {
  const code = ctx.params.Code as { ZipFile?: string; S3Bucket?: string; S3Key?: string; ImageUri?: string } | undefined
  if (!code || typeof code !== 'object') {
    throw invalidParameter(
      "1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null",
    )
  }
  if (typeof code.ImageUri === 'string')
    return { sha256: createHash('sha256').update(code.ImageUri).digest('base64'), size: 0, packageType: 'Image' }
  if (typeof code.ZipFile === 'string') {
    const bytes = Buffer.from(code.ZipFile, 'base64')
    if (bytes.length === 0) throw invalidParameter('Uploaded file must be a non-empty zip')
    if (!isZipArchive(bytes))
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.')
    return { sha256: createHash('sha256').update(bytes).digest('base64'), size: bytes.length, packageType: 'Zip' }
  }
  if (typeof code.S3Bucket === 'string' && typeof code.S3Key === 'string') {
    throw invalidParameter(
      `Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.`,
    )
  }
  throw invalidParameter('Please provide a source for function code.')
}

export function createFunction(ctx: RequestContext) {
  const name = requireString(ctx, 'FunctionName')
  if (!FUNCTION_NAME.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    )
  }
  const architecture = readArchitecture(ctx)
  const role = requireString(ctx, 'Role')
  const code = readCode(ctx)
  const runtime = optionalString(ctx, 'Runtime')
  if (code.packageType === 'Zip' && !runtime)
    throw invalidParameter(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    )
  if (runtime !== undefined) assertCreatableRuntime(runtime, ctx.now)
  assertUnreservedVariables(ctx)
  const tags = optionalStringMap(ctx, 'Tags') ?? {}
  assertTagKeys(tags)
  const store = functionStore(ctx)
  if (store.has(name))
    throw new AwsError('ResourceConflictException', `Function already exist: ${name}`, { status: 409 })
  assertAssumableByLambda(ctx, role)
  const record: FunctionRecord = {
    name,
    role,
    runtime,
    handler: optionalString(ctx, 'Handler'),
    packageType: code.packageType,
    architecture,
    description: optionalString(ctx, 'Description') ?? '',
    timeout: optionalInteger(ctx, 'Timeout', { min: 1, max: 900 }) ?? 3,
    memorySize: optionalInteger(ctx, 'MemorySize', { min: 128, max: 10240 }) ?? 128,
    codeSha256: code.sha256,
    codeSize: code.size,
    lastModified: ctx.now,
    tags,
  }
  store.set(name, record)
  return describe(ctx, record, 'Pending')
}

export function requireFunction(ctx: RequestContext, member = 'FunctionName'): FunctionRecord {
  const name = functionNameOf(ctx.params[member])
  const record = functionStore(ctx).get(name)
  if (!record) throw functionNotFound(ctx, name)
  return record
}

/** Since July 27, 2024 (timeline) the tags come back only to callers allowed lambda:ListTags on the function. */
function tagsVisible(ctx: RequestContext, record: FunctionRecord): boolean {
  if (Object.keys(record.tags).length === 0) return false
  if (!behaviourInForce(ctx, 'lambda:GetFunction', 'lambda-get-function-tags-need-list-tags')) return true
  const resource = functionArn(ctx.region, ctx.caller.accountId, record.name)
  const check = {
    action: 'lambda:ListTags',
    resource,
    context: resourceTagContext(record.tags),
    reason: 'tags-in-response',
  }
  return createCheckEvaluator(ctx).evaluate(check).decision === 'Allowed'
}

export function getFunction(ctx: RequestContext) {
  const record = requireFunction(ctx)
  return {
    Configuration: describe(ctx, record, 'Active'),
    Code: {
      RepositoryType: 'S3',
      Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.caller.accountId}/${record.name}`,
    },
    ...(tagsVisible(ctx, record) ? { Tags: { ...record.tags } } : {}),
  }
}

/** Lambda answers at most 50 functions a page whatever MaxItems (1–10,000) asks. */
const FUNCTIONS_PAGE = 50

export function listFunctions(ctx: RequestContext) {
  const max = Math.min(readMaxItems(ctx) ?? FUNCTIONS_PAGE, FUNCTIONS_PAGE)
  const marker = optionalString(ctx, 'Marker')
  const start = marker === undefined ? 0 : decodeOffsetToken(marker, 'lambda-functions', invalidMarker)
  const records = [...functionStore(ctx).values()].sort((a, b) => compareText(a.name, b.name))
  const page = records.slice(start, start + max).map((record) => describe(ctx, record, 'Active'))
  const more = start + max < records.length
  return { Functions: page, ...(more ? { NextMarker: encodePageToken('lambda-functions', start + max) } : {}) }
}

const invalidMarker = () => invalidParameter('Invalid marker.')

/** Out of range is a ValidationException (FACTS.md: Lambda), not the service's InvalidParameterValueException. */
function readMaxItems(ctx: RequestContext): number | undefined {
  // A query-string member: it arrives as text.
  const raw = ctx.params.MaxItems
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : optionalInteger(ctx, 'MaxItems')
  if (value === undefined || (value >= 1 && value <= 10_000)) return value
  const bound = value < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'
  throw new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`,
  )
}

export function deleteFunction(ctx: RequestContext) {
  const record = requireFunction(ctx)
  functionStore(ctx).delete(record.name)
  return undefined
}
