/**
 * Organizations' failure vocabularies turned into sentences a user can act on (pure).
 * Reasons not listed are reported verbatim: AWS adds values, and its docs and model disagree
 * on some spellings (aws-facts §1).
 */

const QUOTA =
  'the organization has reached its account quota (default 10; closed accounts count until removed) — close accounts or request a quota increase'
const BUSINESS_VALIDATION =
  'the management account has not passed AWS business validation — complete it or contact AWS Support before creating accounts'
const PAYMENT = 'the management account has no valid payment instrument — add one in the Billing console'

/** CreateAccountStatus.FailureReason → explanation. `{email}` is replaced by the requested address. */
const FAILURE_REASONS: Readonly<Record<string, string>> = {
  ACCOUNT_LIMIT_EXCEEDED: QUOTA,
  EMAIL_ALREADY_EXISTS:
    'the email address {email} already belongs to an AWS account — use an emailTemplate whose {id} makes every address unique',
  INVALID_EMAIL: 'the email address {email} is not valid — check the emailTemplate',
  INVALID_ADDRESS: 'the address on the management account is not valid — correct its contact information',
  CONCURRENT_ACCOUNT_MODIFICATION:
    'another change to the organization was in progress at the same time — try again in a few minutes',
  INTERNAL_FAILURE:
    'AWS Organizations had an internal failure — try again later, and contact AWS Support if it persists',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: 'a GovCloud account already exists for this request',
  MISSING_BUSINESS_VALIDATION: BUSINESS_VALIDATION,
  FAILED_BUSINESS_VALIDATION: BUSINESS_VALIDATION,
  PENDING_BUSINESS_VALIDATION:
    'business validation of the management account is still pending — try again once AWS has completed it',
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: BUSINESS_VALIDATION,
  IDENTITY_INVALID_BUSINESS_VALIDATION: BUSINESS_VALIDATION,
  UNKNOWN_BUSINESS_VALIDATION: BUSINESS_VALIDATION,
  MISSING_PAYMENT_INSTRUMENT: PAYMENT,
  INVALID_PAYMENT_INSTRUMENT: PAYMENT,
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED:
    'the account tags could not be applied — check the configured tags against the organization’s tag policies',
}

/** ConstraintViolationException.Reason → explanation, for the calls provisioning makes. */
const CONSTRAINT_REASONS: Readonly<Record<string, string>> = {
  ACCOUNT_NUMBER_LIMIT_EXCEEDED: QUOTA,
  ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED:
    'too many accounts are being created at once (5 may be in progress) — wait for them to finish',
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    'the organization does not have all features enabled — enable all features to create accounts this way',
  MASTER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED: PAYMENT,
  MASTER_ACCOUNT_MISSING_CONTACT_INFO:
    'the management account is missing contact information — add it in the account settings',
  MASTER_ACCOUNT_MISSING_BUSINESS_LICENSE: BUSINESS_VALIDATION,
  TAG_POLICY_VIOLATION: 'the configured account tags violate a tag policy of the organization',
  MAX_TAG_LIMIT_EXCEEDED: 'too many account tags are configured (Organizations allows 50 per resource)',
  ACCOUNT_CREATION_NOT_COMPLETE: 'the account is still being set up by AWS — try again in a few minutes',
  CLOSE_ACCOUNT_QUOTA_EXCEEDED: 'the organization has used its quota of account closures for the rolling 30-day period',
  CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED: 'too many accounts are being closed at once (3 may be in progress)',
  WAIT_PERIOD_ACTIVE: 'the account is too new for this change (AWS requires a waiting period after creation)',
  SERVICE_ACCESS_NOT_ENABLED: 'trusted access for the AWS service is not enabled in the organization',
}

export function explainCreateAccountFailure(reason: string | undefined, context: { email: string }): string {
  const known = reason ? FAILURE_REASONS[reason.toUpperCase()] : undefined
  const sentence = known ?? `AWS reported failure reason ${reason ?? '(none given)'}`
  return `account creation failed with ${reason ?? 'no FailureReason'}: ${sentence.replaceAll('{email}', context.email)}`
}

export function explainConstraintViolation(reason: string | undefined): string {
  const known = reason ? CONSTRAINT_REASONS[reason.toUpperCase()] : undefined
  return known ?? `AWS Organizations refused the request (ConstraintViolationException${reason ? ` ${reason}` : ''})`
}

/** Constraint reasons that clear up by waiting: retry them instead of failing. */
export const RETRYABLE_CONSTRAINT_REASONS: ReadonlySet<string> = new Set([
  'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
  'ACCOUNT_CREATION_NOT_COMPLETE',
])
