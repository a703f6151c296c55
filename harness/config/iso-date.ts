/** ISO dates as flags and the config take them; apart from schema.ts so parsing flags does not load zod. */
import { CLOCK_MAX, CLOCK_MIN, isRealCalendarDay } from '../emulator/control/bounds.js'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/

/** 2022-10-01 or 2022-10-01T12:00:00Z; not what Date.parse also takes ('1' is 2001, '99999-01-01', '2022-02-30'). */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)) && isRealCalendarDay(text)
}

/** A date the emulator's clock can be set to (years 2000–2999, as POST /_emulator/clock takes it). */
export function isEmulatorDate(text: string): boolean {
  if (!isIsoDate(text)) return false
  const date = new Date(text)
  return date >= CLOCK_MIN && date <= CLOCK_MAX
}

export const EMULATOR_DATE_RULE = 'an ISO date like 2022-10-01, from 2000-01-01 to 2999-12-31'
