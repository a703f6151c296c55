import { describe, expect, it } from 'vitest'
import { explainConstraintViolation, explainCreateAccountFailure } from './failure-reasons.js'

describe('explainCreateAccountFailure', () => {
  // Given a FailureReason from DescribeCreateAccountStatus, the user reads the reason and what to do.
  it.each([
    [
      'ACCOUNT_LIMIT_EXCEEDED',
      /ACCOUNT_LIMIT_EXCEEDED: the organization has reached its account quota \(default 10; closed accounts count until removed\) — close accounts or request a quota increase/,
    ],
    [
      'EMAIL_ALREADY_EXISTS',
      /EMAIL_ALREADY_EXISTS: the email address a\+x@example\.com already belongs to an AWS account/,
    ],
    ['INVALID_EMAIL', /a\+x@example\.com is not valid/],
    ['CONCURRENT_ACCOUNT_MODIFICATION', /in progress at the same time — try again/],
    ['INTERNAL_FAILURE', /internal failure — try again later/],
    ['MISSING_PAYMENT_INSTRUMENT', /no valid payment instrument/],
    ['INVALID_IDENTITY_FOR_BUSINESS_VALIDATION', /business validation/],
    ['IDENTITY_INVALID_BUSINESS_VALIDATION', /business validation/],
    ['PENDING_BUSINESS_VALIDATION', /still pending/],
    ['SOMETHING_NEW_FROM_AWS', /SOMETHING_NEW_FROM_AWS: AWS reported failure reason SOMETHING_NEW_FROM_AWS/],
  ])('%s', (reason, expected) => {
    expect(explainCreateAccountFailure(reason, { email: 'a+x@example.com' })).toMatch(expected)
  })

  it('reads reasons leniently (case) and copes with none', () => {
    expect(explainCreateAccountFailure('account_limit_exceeded', { email: 'e' })).toMatch(/account quota/)
    expect(explainCreateAccountFailure(undefined, { email: 'e' })).toBe(
      'account creation failed with no FailureReason: AWS reported failure reason (none given)',
    )
  })
})

describe('explainConstraintViolation', () => {
  it.each([
    ['ACCOUNT_NUMBER_LIMIT_EXCEEDED', /account quota \(default 10/],
    ['ORGANIZATION_NOT_IN_ALL_FEATURES_MODE', /all features/],
    ['TAG_POLICY_VIOLATION', /tag policy/],
    ['CLOSE_ACCOUNT_QUOTA_EXCEEDED', /quota of account closures/],
    ['BRAND_NEW_REASON', /ConstraintViolationException BRAND_NEW_REASON/],
  ])('%s', (reason, expected) => {
    expect(explainConstraintViolation(reason)).toMatch(expected)
  })
})
