/**
 * Cleanups registered by scenarios (onCleanup), run afterwards with administrator credentials in the
 * scenario's region, last registered first, whatever happened. Each is retried with backoff on
 * throttling, 5xx and "busy" errors (the SDK's own 3 tries are not enough when a service is
 * struggling); one failing cleanup never stops the rest.
 */
import { type Backoff, retryReason, withRetry } from '../credentials/retry.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { CleanupFn, ClientFactory } from './types.js'

interface CleanupEntry {
  region: string
  scenario: string
  fn: CleanupFn
  arns: string[]
}

export interface CleanupFailure {
  region: string
  scenario: string
  message: string
}

/** A cleanup failure already described as "Name: message" (a scenario thread's): reported as it is, not named twice. */
export class DescribedCleanupFailure extends Error {}

export interface CleanupOptions {
  /** Default: no retries beyond the SDK's own. */
  backoff?: Backoff
  /** Called after a cleanup succeeded, with the ARNs it was registered with. */
  onDeleted?: (arns: string[]) => Promise<unknown>
  signal?: AbortSignal
}

export class CleanupRegistry {
  private readonly entries: CleanupEntry[] = []

  /** Returns what forgets this cleanup again (one that is known to be done elsewhere). */
  add(region: string, scenario: string, fn: CleanupFn, arns: string[] = []): () => void {
    const entry = { region, scenario, fn, arns }
    this.entries.push(entry)
    return () => {
      const at = this.entries.indexOf(entry)
      if (at !== -1) this.entries.splice(at, 1)
    }
  }

  get size(): number {
    return this.entries.length
  }

  /** Runs and forgets every registered cleanup (LIFO). */
  async runAll(admin: (region: string) => ClientFactory, options: CleanupOptions = {}): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = []
    while (this.entries.length > 0) {
      const entry = this.entries.pop() as CleanupEntry
      try {
        await runOne(entry, admin(entry.region), options)
        await options.onDeleted?.(entry.arns)
      } catch (error) {
        const message = redactSecrets(describeFailure(error))
        failures.push({ region: entry.region, scenario: entry.scenario, message })
      }
    }
    return failures
  }
}

async function runOne(entry: CleanupEntry, admin: ClientFactory, options: CleanupOptions): Promise<void> {
  if (!options.backoff) {
    await entry.fn(admin)
    return
  }
  await withRetry(`cleanup of ${entry.scenario} in ${entry.region}`, async () => entry.fn(admin), {
    backoff: options.backoff,
    isRetryable: (error) => retryReason(error) !== undefined,
    // A cleanup must finish even after Ctrl-C; only the run's own deadline stops it.
    signal: options.signal,
  })
}

function describeFailure(error: unknown): string {
  if (error instanceof DescribedCleanupFailure) return error.message
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
