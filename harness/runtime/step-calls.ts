/**
 * Which AWS calls a step made, for the offline prediction (policy/predict.ts): an SDK middleware on every
 * client a scenario creates records the command and whether it passed tags, while a step is running. A call
 * that fails has its operation noted on the error (outcomes/failed-call.ts): a 403 to a HEAD has no body to
 * say what was denied.
 */
import { iamPrefixOf } from '../accounts/usage-keys.js'
import { noteFailedCall } from '../outcomes/failed-call.js'
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
        if (!prefix || !operation) return next(args)
        const call = `${prefix}:${operation}`
        current()?.push({ action: call, withTags: passesTags(args.input) })
        try {
          return await next(args)
        } catch (error) {
          noteFailedCall(error, call, args.input)
          throw error
        }
      },
      { step: 'initialize', name: 'harnessRecordStepCall', override: true },
    )
    return client
  }) as ClientFactory
}
