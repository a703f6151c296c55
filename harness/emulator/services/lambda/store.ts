/** Lambda state: functions per account and region, and their ARN format. */
import type { RequestContext } from '../../core/types.js'

export type Architecture = 'x86_64' | 'arm64'

export interface FunctionRecord {
  name: string
  role: string
  runtime?: string
  handler?: string
  packageType: 'Zip' | 'Image'
  architecture: Architecture
  description: string
  timeout: number
  memorySize: number
  codeSha256: string
  codeSize: number
  lastModified: Date
  tags: Record<string, string>
}

export type FunctionStore = Map<string, FunctionRecord>

export function functionStore(ctx: RequestContext): FunctionStore {
  return ctx.state.regionStore('lambda', ctx.caller.accountId, ctx.region, () => new Map<string, FunctionRecord>())
}

export function functionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`
}

/** A name, a partial ARN (`123456789012:function:name`) or a full ARN → the function name. */
export function functionNameOf(value: unknown): string {
  const text = typeof value === 'string' ? value : ''
  const match = /^(?:arn:aws[\w-]*:lambda:[\w-]+:)?(?:\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::[\w$-]+)?$/.exec(text)
  return match ? match[1]! : text
}
