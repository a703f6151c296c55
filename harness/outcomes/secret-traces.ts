/**
 * Test support: finds what is left of known secrets in text, independently of the redactor. It decodes
 * the text the ways a leak can be encoded (URL once and twice, JSON `\/`, base64 and base64url runs, hex
 * runs with or without spaces between bytes, wrapped lines) and looks for each whole value and for either 20-character end of it.
 */
export function findSecretTraces(text: string, secrets: readonly string[]): string[] {
  const unwrapped = text.replace(/\r?\n/g, '')
  const candidates = [
    unwrapped,
    urlDecoded(unwrapped),
    urlDecoded(urlDecoded(unwrapped)),
    unwrapped.replace(/\\\//g, '/'),
  ]
  candidates.push(unbase64(unwrapped), unhex(unwrapped), undecimal(unwrapped))
  const found: string[] = []
  for (const value of secrets) {
    for (const piece of [value, value.slice(0, 20), value.slice(-20)]) {
      // Only a prefix is named: the report of a leak must not be one.
      if (candidates.some((candidate) => candidate.includes(piece))) found.push(`${piece.slice(0, 4)}…`)
    }
  }
  return found
}

function urlDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text.replace(/%[0-9a-f]{2}/gi, (hex) => String.fromCharCode(Number.parseInt(hex.slice(1), 16)))
  }
}

function unbase64(text: string): string {
  const runs = text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []
  const decode = (run: string) => Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')
  // Each run at each of its alignments, so a secret inside a larger encoded blob is seen.
  return runs
    .flatMap((run) => [decode(run), decode(run.slice(1)), decode(run.slice(2)), decode(run.slice(3))])
    .join(' ')
}

/** Runs of hex bytes, joined or spaced as Node prints a Buffer, at both nibble alignments. */
function unhex(text: string): string {
  const runs = text.match(/[0-9a-f]{2}(?: ?[0-9a-f]{2}){7,}/gi) ?? []
  const decode = (hex: string) => Buffer.from(hex, 'hex').toString('latin1')
  return runs.flatMap((run) => [decode(run.replace(/ /g, '')), decode(run.replace(/ /g, '').slice(1))]).join(' ')
}

/** Runs of comma-separated decimal bytes (a Buffer as JSON). */
function undecimal(text: string): string {
  const runs = text.match(/\d{1,3}(?:\s*,\s*\d{1,3}){7,}/g) ?? []
  return runs.map((run) => Buffer.from(run.split(/\s*,\s*/).map((n) => Number(n) & 255)).toString('latin1')).join(' ')
}
