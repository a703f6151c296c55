/** CloudFormation state: stacks per account and region, their resources and events. */
import type { RequestContext } from '../../core/types.js'

export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'

export interface StackResource {
  logicalId: string
  type: string
  physicalId: string
  /** How to delete it again (the internal call and its params). */
  undo: { service: string; operation: string; params: Record<string, unknown> }
}

export interface StackEvent {
  logicalId: string
  type: string
  physicalId: string
  status: string
  reason?: string
  time: Date
}

export interface StackRecord {
  id: string
  name: string
  status: StackStatus
  statusReason?: string
  createdAt: Date
  tags: Record<string, string>
  /** The service role CloudFormation uses for the stack's calls (CreateStack RoleARN). */
  roleArn?: string
  resources: StackResource[]
  events: StackEvent[]
}

export function stackStore(ctx: RequestContext): Map<string, StackRecord> {
  return ctx.state.regionStore('cloudformation', ctx.caller.accountId, ctx.region, () => new Map<string, StackRecord>())
}
