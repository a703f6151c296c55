/**
 * Orders text by UTF-16 code units, as `<` does (UTF-8 byte order for the names harness and AWS use): the
 * same order on every machine. `localeCompare` follows the machine's locale, so a report, a stored index
 * or an emulated AWS list could come out in another order on a laptop than in CI; and its first call
 * builds an ICU collator, about 9 ms on a run's critical path (issue #13).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
