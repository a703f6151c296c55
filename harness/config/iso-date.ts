/** ISO dates as flags and the config take them; apart from schema.ts so parsing flags does not load zod. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/

/** 2022-10-01 or 2022-10-01T12:00:00Z; not what Date.parse also takes ('1' is 2001, '99999-01-01'). */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text))
}
