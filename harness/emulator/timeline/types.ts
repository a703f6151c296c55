/**
 * A dated change to AWS behaviour (see schema.ts for the fields and their meaning).
 * state.timeline holds these; built-in history comes first, user changes after.
 */
import type { ParsedTimelineChange } from './schema.js'

export type TimelineChange = ParsedTimelineChange
export type { MessageStyle, TimelineEffect } from './schema.js'
