/** IAM's modeled errors with the codes, HTTP statuses and messages AWS answers with. */
import { AwsError } from '../../core/errors.js'

export const noSuchRole = (roleName: string): AwsError =>
  new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, { status: 404 })

export const noSuchRolePolicy = (policyName: string): AwsError =>
  new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, { status: 404 })

export const noSuchPolicy = (policyArn: string): AwsError =>
  new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, { status: 404 })

export const policyNotAttachable = (policyArn: string): AwsError =>
  new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, { status: 404 })

export const boundaryNotAttachable = (policyArn: string): AwsError =>
  new AwsError('NoSuchEntity', `Scope ARN: ${policyArn} does not exist or is not attachable.`, { status: 404 })

export const noSuchPolicyVersion = (policyArn: string, versionId: string): AwsError =>
  new AwsError('NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`, {
    status: 404,
  })

export const entityAlreadyExists = (message: string): AwsError =>
  new AwsError('EntityAlreadyExists', message, { status: 409 })

export const deleteConflict = (message: string): AwsError => new AwsError('DeleteConflict', message, { status: 409 })

export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceeded', message, { status: 409 })

export const invalidInput = (message: string): AwsError => new AwsError('InvalidInput', message, { status: 400 })

export const malformedPolicyDocument = (message: string): AwsError =>
  new AwsError('MalformedPolicyDocument', message, { status: 400 })

/** The query protocol's generic constraint failure: `1 validation error detected: …`. */
export const validationError = (message: string): AwsError =>
  new AwsError('ValidationError', `1 validation error detected: ${message}`, { status: 400 })
