import { describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { accountIdentity, uniqueSuffix } from './naming.js'

const naming = { emailTemplate: 'aws+harness-{id}@example.com', namePrefix: 'harness-', tags: {} }

describe('accountIdentity', () => {
  it('fills {id} with the run id, made safe for emails and names', () => {
    expect(accountIdentity(naming, '2026-11-22T10:00:00Z_ab')).toEqual({
      email: 'aws+harness-2026-11-22t10-00-00z-ab@example.com',
      accountName: 'harness-2026-11-22t10-00-00z-ab',
    })
  })

  it('gives each account one run vends its own email and name (Organizations refuses a duplicate email)', () => {
    const first = accountIdentity(naming, '2026-12-06T02-00-00Z-bb7549', 'n1')
    const second = accountIdentity(naming, '2026-12-06T02-00-00Z-bb7549', 'n2')
    expect(first).toEqual({
      email: 'aws+harness-2026-12-06t02-00-00z-bb7549-n1@example.com',
      accountName: 'harness-2026-12-06t02-00-00z-bb7549-n1',
    })
    expect(second.email).not.toBe(first.email)
    expect(second.accountName).not.toBe(first.accountName)
  })

  it('gives different runs different emails', () => {
    expect(accountIdentity(naming, 'run-1').email).not.toBe(accountIdentity(naming, 'run-2').email)
  })

  it.each([
    [{ ...naming, emailTemplate: 'aws@example.com' }, /must contain \{id\}/],
    [{ ...naming, emailTemplate: 'not-an-email-{id}' }, /not a valid account email/],
    [{ ...naming, emailTemplate: `${'x'.repeat(60)}{id}@example.com` }, /6–64 characters/],
  ])('rejects an unusable template with CONFIG_INVALID naming the field (%#)', (bad, message) => {
    const error = (() => {
      try {
        accountIdentity(bad, 'run-1')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' })
    expect((error as Error).message).toMatch(/accounts\.emailTemplate/)
    expect((error as Error).message).toMatch(message)
  })

  it('refuses a run id with nothing usable in it', () => {
    expect(() => uniqueSuffix('***')).toThrow(/no characters usable/)
  })
})
