/**
 * A dated change to AWS behaviour (owned by the timeline module; refined there).
 * Placeholder shape so core state compiles before the timeline lands.
 */
export interface TimelineChange {
  id: string
  [key: string]: unknown
}
