/** Organizations' modeled errors (awsJson1_1, HTTP 400, `Message`), worded as the service model documents them. */
import { AwsError } from '../../core/errors.js'

const orgError = (code: string, message: string, fields?: Record<string, unknown>): AwsError =>
  new AwsError(code, message, { status: 400, ...(fields ? { fields } : {}) })

export const accessDenied = (): AwsError =>
  orgError('AccessDeniedException', "You don't have permissions to access this resource.")

export const notInUse = (): AwsError =>
  orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.')

export const alreadyInOrganization = (): AwsError =>
  orgError(
    'AlreadyInOrganizationException',
    'This account is already a member of an organization. An account can belong to only one organization at a time.',
  )

export const constraintViolation = (reason: string, message: string): AwsError =>
  orgError('ConstraintViolationException', message, { Reason: reason })

export const invalidInput = (reason: string, message: string): AwsError =>
  orgError('InvalidInputException', message, { Reason: reason })

export const accountNotFound = (): AwsError =>
  orgError('AccountNotFoundException', "We can't find an AWS account with the AccountId that you specified.")

export const accountAlreadyClosed = (): AwsError =>
  orgError('AccountAlreadyClosedException', 'You attempted to close an account that is already closed.')

export const createAccountStatusNotFound = (): AwsError =>
  orgError(
    'CreateAccountStatusNotFoundException',
    "We can't find an create account request with the CreateAccountRequestId that you specified.",
  )

export const parentNotFound = (): AwsError =>
  orgError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.")

export const sourceParentNotFound = (): AwsError =>
  orgError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.")

export const destinationParentNotFound = (): AwsError =>
  orgError(
    'DestinationParentNotFoundException',
    "We can't find the destination container (a root or OU) with the ParentId that you specified.",
  )

export const duplicateAccount = (): AwsError =>
  orgError('DuplicateAccountException', 'That account is already present in the specified destination.')

export const duplicateOu = (): AwsError =>
  orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.')

export const duplicatePolicy = (): AwsError =>
  orgError('DuplicatePolicyException', 'A policy with the same name already exists.')

export const duplicatePolicyAttachment = (): AwsError =>
  orgError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.')

export const policyNotAttached = (): AwsError =>
  orgError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.")

export const policyNotFound = (): AwsError =>
  orgError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.")

export const policyTypeNotEnabled = (): AwsError =>
  orgError(
    'PolicyTypeNotEnabledException',
    "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
  )

export const targetNotFound = (): AwsError =>
  orgError(
    'TargetNotFoundException',
    "We can't find a root, OU, account, or policy with the TargetId that you specified.",
  )
