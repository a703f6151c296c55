/** SSM Parameter Store state: the account's own parameters per region (public ones are in public-parameters.ts). */
import type { RequestContext } from '../../core/types.js'

export interface ParameterRecord {
  name: string
  type: 'String' | 'StringList' | 'SecureString'
  value: string
  description?: string
  version: number
  lastModified: Date
  tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering'
  dataType: string
  tags: Record<string, string>
}

export type ParameterStore = Map<string, ParameterRecord>

export function parameterStore(ctx: RequestContext): ParameterStore {
  return ctx.state.regionStore('ssm', ctx.caller.accountId, ctx.region, () => new Map<string, ParameterRecord>())
}
