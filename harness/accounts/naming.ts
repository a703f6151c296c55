/** Unique email and name for a new member account, from the configured template and the run id (pure). */
import { HarnessError } from '../errors.js'
import type { AccountNaming } from './types.js'

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ACCOUNT_NAME_PATTERN = /^[\u0020-\u007E]+$/

/** What Organizations accepts as a new account's email: 6–64 characters, name@domain.tld. */
export function isAccountEmail(email: string): boolean {
  return email.length >= 6 && email.length <= 64 && EMAIL_PATTERN.test(email)
}

/** The run id reduced to characters every email provider and account name accepts. */
export function uniqueSuffix(runId: string): string {
  const suffix = runId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
  if (!suffix) throw new HarnessError('USAGE', `run id "${runId}" has no characters usable in an account email`)
  return suffix
}

/**
 * `tag` tells apart several accounts one run vends (the pool's `n1`, `n2`): Organizations refuses a second
 * account with the same e-mail address.
 */
export function accountIdentity(
  naming: AccountNaming,
  runId: string,
  tag?: string,
): { email: string; accountName: string } {
  if (!naming.emailTemplate.includes('{id}')) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `accounts.emailTemplate must contain {id} (got "${naming.emailTemplate}"), so every new account gets a unique address`,
    )
  }
  const suffix = tag ? `${uniqueSuffix(runId)}-${uniqueSuffix(tag)}` : uniqueSuffix(runId)
  const email = naming.emailTemplate.replaceAll('{id}', suffix)
  if (!isAccountEmail(email)) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `accounts.emailTemplate gives "${email}", which is not a valid account email (6–64 characters, name@domain.tld)`,
    )
  }
  const accountName = `${naming.namePrefix}${suffix}`.slice(0, 50)
  if (!ACCOUNT_NAME_PATTERN.test(accountName)) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `accounts.namePrefix gives "${accountName}", which is not a valid account name (printable ASCII)`,
    )
  }
  return { email, accountName }
}

/**
 * Whether an account's e-mail is one `emailTemplate` gives (its {id} a run's suffix): an account this
 * installation vended, not another team's harness in the same organization (which has its own template).
 */
export function isTemplateEmail(emailTemplate: string, email: string): boolean {
  const parts = emailTemplate.split('{id}')
  if (parts.length < 2) return false
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${parts.map(literal).join(SUFFIX_PATTERN)}$`, 'i').test(email)
}

/**
 * What uniqueSuffix makes of a run id (and a pool account's tag): `2026-12-07t13-40-13-068z-32278d[-n1]`. Only
 * this, so `aws+qa-{id}` never matches another template's `aws+qa-payments-<id>` (QA).
 */
const SUFFIX_PATTERN = '\\d{4}-\\d{2}-\\d{2}t\\d{2}-\\d{2}-\\d{2}(?:-\\d{3})?z-[0-9a-f]{6}(?:-[a-z0-9]+)?'
