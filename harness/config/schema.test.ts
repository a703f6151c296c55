/** Config problems name the field and, for a misspelt one, the field meant (schema.ts). */
import { describe, expect, it } from 'vitest'
import { formatProblems, validateUserConfig } from './schema.js'

const problems = (config: unknown) => formatProblems(validateUserConfig(config, 'harness.config.ts').errors)

describe('validateUserConfig', () => {
  it.each([
    [
      'a misspelt top-level field',
      { reportDir: 'out' },
      '(root): unknown field(s): reportDir (did you mean reportsDir?)',
    ],
    [
      'a misspelt nested field',
      { emulator: { timeScal: 0.1 } },
      'emulator: unknown field(s): timeScal (did you mean timeScale?)',
    ],
    [
      'one level deeper in another object',
      { accounts: { stratgy: 'pool' } },
      'accounts: unknown field(s): stratgy (did you mean strategy?)',
    ],
    ['a field like none of them', { zzzzzz: 1 }, '(root): unknown field(s): zzzzzz'],
    [
      'a misspelt region, quoted',
      { regions: ['us-eest-1'] },
      'regions[0]: "us-eest-1" is not a known AWS commercial region',
    ],
  ])('%s', (_case, config, problem) => {
    expect(problems(config)).toBe(`harness.config.ts: ${problem}`)
  })
})
