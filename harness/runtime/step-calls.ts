/**
 * Which AWS calls a step made, for the offline prediction (policy/predict.ts): an SDK middleware on every
 * client a scenario creates records the command and whether it passed tags, while a step is running.
 */
import { iamPrefixOf } from '../accounts/usage-keys.js'
import type { StepCall } from '../policy/predict.js'
import type { ClientFactory } from './types.js'

const TAG_FIELDS = ['tags', 'Tags', 'TagSpecifications', 'TagList'] as const

function passesTags(input: unknown): boolean {
  if (!input || typeof input !== 'object') return false
  return TAG_FIELDS.some((field) => {
    const value = (input as Record<string, unknown>)[field]
    return Array.isArray(value)
      ? value.length > 0
      : value !== null && typeof value === 'object' && Object.keys(value).length > 0
  })
}

interface MiddlewareClient {
  middlewareStack?: {
    add(
      middleware: (
        next: (args: { input: unknown }) => Promise<unknown>,
        context: Record<string, unknown>,
      ) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override: boolean },
    ): void
  }
}

/** Wraps a client factory: calls made while `current()` returns a list are appended to it. */
export function recordingCalls(factory: ClientFactory, current: () => StepCall[] | undefined): ClientFactory {
  return ((ClientClass) => {
    const client = factory(ClientClass) as MiddlewareClient
    const stack = client.middlewareStack
    // Only a real SDK client: a region that is not ready hands out stand-ins that refuse every property.
    if (typeof stack !== 'object' || typeof stack?.add !== 'function') return client
    stack.add(
      (next, context) => async (args) => {
        const prefix = iamPrefixOf(String(context.clientName))
        const operation = String(context.commandName ?? '').replace(/Command$/, '')
        if (prefix && operation) current()?.push({ action: `${prefix}:${operation}`, withTags: passesTags(args.input) })
        return next(args)
      },
      { step: 'initialize', name: 'harnessRecordStepCall', override: true },
    )
    return client
  }) as ClientFactory
}
