/** STS's modeled errors (awsQuery). */
import { AwsError } from '../../core/errors.js'

export const accessDenied = (message: string): AwsError => new AwsError('AccessDenied', message, { status: 403 })

export const validationError = (message: string): AwsError => new AwsError('ValidationError', message, { status: 400 })

export const packedPolicyTooLarge = (percent: number): AwsError =>
  new AwsError(
    'PackedPolicyTooLarge',
    `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
    {
      status: 400,
    },
  )

export const regionDisabled = (accountId: string): AwsError =>
  new AwsError(
    'RegionDisabledException',
    `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
    { status: 403 },
  )
