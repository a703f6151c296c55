/**
 * RunInstances' ImageId may be `resolve:ssm:<parameter>`: EC2 reads the parameter at launch, which
 * also needs ssm:GetParameters on it (EC2 UG "Use a Systems Manager parameter instead of an AMI ID").
 */
import { AwsError } from '../../core/errors.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { findPublicParameter, parameterArn, parameterPath } from '../ssm/public-parameters.js'
import { stringParam } from './params.js'

const SSM_PREFIX = 'resolve:ssm:'

/** The parameter named by `resolve:ssm:<name>[:<version>]`, or undefined for a plain image id. */
export function ssmParameterOf(imageId: string): string | undefined {
  if (!imageId.startsWith(SSM_PREFIX)) return undefined
  return imageId.slice(SSM_PREFIX.length).replace(/:\d+$/, '')
}

/** The image id the request names, resolving an SSM reference; undefined when it cannot be resolved. */
export function resolvedImageId(ctx: RequestContext): string | undefined {
  const imageId = stringParam(ctx.params, 'ImageId')
  if (imageId === undefined) return undefined
  const parameter = ssmParameterOf(imageId)
  if (parameter === undefined) return imageId
  return findPublicParameter(ctx.region, parameter)?.Value
}

/** Like resolvedImageId, failing when the SSM parameter does not exist (error wording approximated). */
export function requireResolvedImageId(ctx: RequestContext, imageId: string): string {
  const parameter = ssmParameterOf(imageId)
  if (parameter === undefined) return imageId
  const value = findPublicParameter(ctx.region, parameter)?.Value
  if (value === undefined) {
    throw new AwsError(
      'InvalidParameterValue',
      `Invalid value '${imageId}' for ImageId. The SSM parameter was not found.`,
    )
  }
  return value
}

export function ssmImageChecks(ctx: RequestContext): AuthCheck[] {
  const parameter = ssmParameterOf(stringParam(ctx.params, 'ImageId') ?? '')
  if (parameter === undefined) return []
  const resource = parameterArn(ctx.region, ctx.caller.accountId, parameterPath(parameter))
  // EC2 reads the parameter with the caller's identity after checking the caller's own permissions, and SSM
  // checks them again: a forward access session, recorded by CloudTrail as its own SSM event with
  // userIdentity.invokedBy = ec2.amazonaws.com.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
  const serviceCall = {
    invokedBy: 'ec2.amazonaws.com',
    eventSource: 'ssm.amazonaws.com',
    eventName: 'GetParameters',
    requestParameters: { names: [parameter] },
  }
  return [{ action: 'ssm:GetParameters', resource, reason: 'primary', serviceCall }]
}
