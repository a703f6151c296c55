/** GetParameter and GetParameters: the public Amazon Linux AMI parameters and the account's own. */
import { AwsError } from '../../core/errors.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { assertWireType } from '../../core/wire-types.js'
import { describeAccountParameter, findAccountParameter } from './account-parameters.js'
import { findPublicParameter, type PublicParameter, parameterArn, parameterPath } from './public-parameters.js'

/** A public parameter, or one of the account's own. */
function findParameter(ctx: RequestContext, name: string): PublicParameter | undefined {
  const publicParameter = findPublicParameter(ctx.region, name)
  if (publicParameter) return publicParameter
  const own = findAccountParameter(ctx, parameterPath(name))
  return own ? describeAccountParameter(ctx, own, ctx.params.WithDecryption === true) : undefined
}

function validationError(member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: ${constraint}`,
  )
}

/** AWS answers ParameterNotFound for GetParameter with an empty message. */
export function getParameter(ctx: RequestContext): { Parameter: PublicParameter } {
  const name = ctx.params.Name
  assertWireType(name, 'string')
  if (typeof name !== 'string' || name.length === 0) throw validationError('name', 'Member must not be null')
  const parameter = findParameter(ctx, name)
  if (!parameter) throw new AwsError('ParameterNotFound', '')
  return { Parameter: parameter }
}

export function getParameters(ctx: RequestContext): { Parameters: PublicParameter[]; InvalidParameters: string[] } {
  const names = ctx.params.Names
  assertWireType(names, 'list')
  if (Array.isArray(names)) for (const name of names) assertWireType(name, 'string')
  if (!Array.isArray(names) || names.length === 0) throw validationError('names', 'Member must not be null')
  if (names.length > 10) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
    )
  }
  const Parameters: PublicParameter[] = []
  const InvalidParameters: string[] = []
  for (const name of names.map(String)) {
    const parameter = findParameter(ctx, name)
    if (parameter) Parameters.push(parameter)
    else InvalidParameters.push(name)
  }
  return { Parameters, InvalidParameters }
}

function arnOf(ctx: RequestContext, name: unknown): string {
  return parameterArn(ctx.region, ctx.caller.accountId, parameterPath(String(name ?? '')))
}

export const authorizeGetParameter = (ctx: RequestContext): AuthCheck[] => [
  { action: 'ssm:GetParameter', resource: arnOf(ctx, ctx.params.Name), reason: 'primary' },
]

export const authorizeGetParameters = (ctx: RequestContext): AuthCheck[] =>
  (Array.isArray(ctx.params.Names) ? ctx.params.Names : []).map((name: unknown) => ({
    action: 'ssm:GetParameters',
    resource: arnOf(ctx, name),
    reason: 'primary',
  }))
