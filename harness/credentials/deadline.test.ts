/** The run's deadline from its management credentials (pure rules). */
import { describe, expect, it } from 'vitest'
import { CLEANUP_RESERVE_MS, deadlineFor, usesStaticEnvironmentCredentials } from './deadline.js'

describe('credential deadline', () => {
  const expiresAt = new Date('2026-06-01T01:00:00Z')

  it('Given unrefreshable credentials expiring in an hour, then new work stops 15 minutes before', () => {
    expect(deadlineFor(expiresAt, false, 'aws').stopNewWorkAt).toEqual(
      new Date(expiresAt.getTime() - CLEANUP_RESERVE_MS),
    )
  })

  it('Given refreshable or non-expiring credentials, then there is no deadline', () => {
    expect(deadlineFor(expiresAt, true, 'aws').stopNewWorkAt).toBeUndefined()
    expect(deadlineFor(undefined, false, 'aws').stopNewWorkAt).toBeUndefined()
  })

  it('Given the emulator, then the reserve is time-scaled', () => {
    expect(deadlineFor(expiresAt, false, 'local', 0.01).stopNewWorkAt).toEqual(
      new Date(expiresAt.getTime() - CLEANUP_RESERVE_MS * 0.01),
    )
  })

  it.each([
    [{ AWS_ACCESS_KEY_ID: 'AKIA…' }, {}, true],
    [{ AWS_ACCESS_KEY_ID: 'AKIA…', AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, {}, false],
    [{ AWS_ACCESS_KEY_ID: 'AKIA…' }, { profile: 'org' }, false],
    [{}, {}, false],
  ])('Given env %j and options %j, then static environment credentials: %s', (env, options, expected) => {
    expect(usesStaticEnvironmentCredentials(env, options)).toBe(expected)
  })
})
