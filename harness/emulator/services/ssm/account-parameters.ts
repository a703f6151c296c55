/**
 * The account's own parameters: PutParameter, GetParameter, DeleteParameter.
 * Wording: ParameterAlreadyExists, "A parameter type is required…" and the name rule follow the
 * PutParameter API reference (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html)
 * as botocore users quote them (moto's ssm models.py reproduces the same texts); "tags and overwrite
 * can't be used together" is quoted from botocore output in localstack/localstack PR 8177.
 * ParameterNotFound carries an empty message as the public-parameter path does (parameters.ts).
 */
import { AwsError } from '../../core/errors.js'
import { optionalBoolean, optionalString, requireString } from '../../core/params.js'
import { tagListToMap } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { parameterArn } from './public-parameters.js'
import { type ParameterRecord, parameterStore } from './store.js'

const TYPES = ['String', 'StringList', 'SecureString'] as const
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const
const STANDARD_MAX_VALUE = 4096
const RESERVED_PREFIX = /^\/?(aws|ssm)/i
const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/
export const MAX_PARAMETER_TAGS = 50

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message)
}

export function parameterNotFound(): AwsError {
  return new AwsError('ParameterNotFound', '')
}

export function readParameterName(ctx: RequestContext): string {
  const name = requireString(ctx, 'Name', { min: 1, max: 2048 })
  if (RESERVED_PREFIX.test(name) || !NAME_PATTERN.test(name)) {
    throw validation(
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of ' +
        'sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    )
  }
  return name
}

export function putParameter(ctx: RequestContext): { Version: number; Tier: string } {
  const name = readParameterName(ctx)
  const value = requireString(ctx, 'Value')
  const type = optionalString(ctx, 'Type', { oneOf: TYPES }) as ParameterRecord['type'] | undefined
  const tier = (optionalString(ctx, 'Tier', { oneOf: TIERS }) ?? 'Standard') as ParameterRecord['tier']
  const overwrite = optionalBoolean(ctx, 'Overwrite') ?? false
  const tags = tagListToMap(ctx.params.Tags)
  if (Object.keys(tags).length > 0 && overwrite) {
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove " +
        'overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
    )
  }
  if (Object.keys(tags).length > MAX_PARAMETER_TAGS) throw new AwsError('TooManyTagsError', '')
  if (tier === 'Standard' && value.length > STANDARD_MAX_VALUE) {
    throw validation(
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter ' +
        'value, upgrade the parameter to use the advanced-parameters tier. For more information, see ' +
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    )
  }
  const store = parameterStore(ctx)
  const existing = store.get(name)
  if (existing && !overwrite) {
    throw new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    )
  }
  if (!existing && !type) throw validation('A parameter type is required when you create a parameter.')
  const record: ParameterRecord = {
    name,
    type: type ?? existing!.type,
    value,
    description: optionalString(ctx, 'Description', { max: 1024 }) ?? existing?.description,
    version: (existing?.version ?? 0) + 1,
    lastModified: ctx.now,
    tier,
    dataType: optionalString(ctx, 'DataType') ?? existing?.dataType ?? 'text',
    tags: existing?.tags ?? tags,
  }
  store.set(name, record)
  return { Version: record.version, Tier: record.tier }
}

/** SecureString values come back encrypted unless WithDecryption is set; ours is an opaque stand-in, never the value. */
function shownValue(record: ParameterRecord, withDecryption: boolean): string {
  if (record.type !== 'SecureString' || withDecryption) return record.value
  return Buffer.from(`harness-emulator-ciphertext:${record.name}:${record.version}`).toString('base64')
}

export function describeAccountParameter(ctx: RequestContext, record: ParameterRecord, withDecryption: boolean) {
  return {
    Name: record.name,
    Type: record.type,
    Value: shownValue(record, withDecryption),
    Version: record.version,
    LastModifiedDate: record.lastModified,
    ARN: parameterArn(ctx.region, ctx.caller.accountId, record.name),
    DataType: record.dataType,
  }
}

export function findAccountParameter(ctx: RequestContext, name: string): ParameterRecord | undefined {
  return parameterStore(ctx).get(name)
}

export function deleteParameter(ctx: RequestContext): Record<string, never> {
  const name = requireString(ctx, 'Name', { min: 1, max: 2048 })
  const store = parameterStore(ctx)
  if (!store.delete(name)) throw parameterNotFound()
  return {}
}
