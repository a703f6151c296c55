/** An injected fault rule (owned by the faults module; refined there). */
export interface FaultRule {
  [key: string]: unknown
}
