/**
 * redactSecrets applies the long shapes (100+ base64, 40-character secret key) to long runs only; it must
 * redact exactly what applying every pattern to the whole text does. Compared with that straightforward
 * form on seeded random texts made of the characters and fragments the shapes and their look-arounds see.
 */
import { expect, it } from 'vitest'
import { mulberry32 } from '../emulator/faults/selection.js'
import { REDACTED, redactSecrets, SECRET_PATTERNS } from './redact.js'

const ENCODED_MESSAGE_MARKER = /Encoded (?:authorization failure message|Failure): ?$/

/** Every pattern over the whole text, one after another (what redactSecrets did before runs). */
function wholeText(text: string): string {
  let out = text
  for (const { pattern } of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, ...rest) => {
      const offset = rest.find((value) => typeof value === 'number') as number
      return ENCODED_MESSAGE_MARKER.test(out.slice(Math.max(0, offset - 60), offset)) ? match : REDACTED
    })
  }
  return out
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const FRAGMENTS = [
  ' ',
  '.',
  ':',
  '"',
  '\n',
  '=',
  '==',
  '-',
  '_',
  '[',
  'Encoded authorization failure message: ',
  'Encoded Failure:',
  'AKIAIOSFODNN7EXAMPLE',
  'FwoGZXIvYXdz',
  'é',
]

it('redacts exactly what every pattern over the whole text redacts', () => {
  const random = mulberry32(13)
  const pick = (text: string) => text[Math.floor(random() * text.length)]!
  for (let sample = 0; sample < 400; sample++) {
    let text = ''
    while (text.length < 600) {
      const roll = random()
      if (roll < 0.35) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]
      else {
        // Runs around the 40 and 100 thresholds, sometimes without a digit or an upper-case letter.
        const length = [39, 40, 41, 99, 100, 101, 130, 12][Math.floor(random() * 8)]!
        const alphabet = random() < 0.2 ? BASE64.replace(/[0-9]/g, '') : BASE64
        for (let i = 0; i < length; i++) text += pick(alphabet)
      }
    }
    expect(redactSecrets(text)).toBe(wholeText(text))
  }
})

it('leaves a text with no long run as it is, the same string', () => {
  const text = 'run 2026-12-31T02-10-34Z-00016c: allowed (42 ms)\n'.repeat(1000)
  expect(redactSecrets(text)).toBe(text)
})
