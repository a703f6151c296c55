/** AWS behaviour timeline: dated changes, their schema, the built-in history and the freshness ledger. */

export { activeChanges, changeApplies, reachedAt, timelineOf } from './active-changes.js'
export { applyTimeline, type TimelineOutcome } from './apply.js'
export { AWS_HISTORY, withAwsHistory } from './aws-history.js'
export { loadTimelineFile, parseTimelineChanges, TimelineFileError } from './load.js'
export { type TimelineChangeInput, timelineChangeSchema } from './schema.js'
export type { MessageStyle, TimelineChange, TimelineEffect } from './types.js'
export { recordUsage } from './usage.js'
