/**
 * Session policies and tags passed to AssumeRole: validated, and measured the way STS reports
 * PackedPolicySize (a percentage of the packed-binary budget; over 100% fails).
 */
import { deflateRawSync } from 'node:zlib'
import type { Tag } from '../../core/types.js'
import { validatePolicyDocument } from '../iam/validate.js'
import { packedPolicyTooLarge } from './errors.js'

/** Compressed bytes STS allows for session policies plus session tags (its real budget is unpublished). */
const PACKED_BUDGET_BYTES = 1200

export function packedPolicySize(policy: string | undefined, policyArns: string[], tags: Tag[]): number {
  const packed = JSON.stringify({ p: policy ? JSON.stringify(JSON.parse(policy)) : '', a: policyArns, t: tags })
  return Math.ceil((deflateRawSync(Buffer.from(packed)).length / PACKED_BUDGET_BYTES) * 100)
}

/** Validates the session policy and returns PackedPolicySize, or undefined when nothing was passed. */
export function checkSessionPolicy(policy: string | undefined, policyArns: string[], tags: Tag[]): number | undefined {
  if (policy !== undefined) validatePolicyDocument(policy, 'session')
  if (policy === undefined && policyArns.length === 0 && tags.length === 0) return undefined
  const size = packedPolicySize(policy, policyArns, tags)
  if (size > 100) throw packedPolicyTooLarge(size)
  return size
}
