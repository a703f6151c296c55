/**
 * Cleanups registered by scenarios (onCleanup), run afterwards with administrator credentials in the
 * scenario's region, last registered first, whatever happened. One failing cleanup never stops the rest.
 */
import { redactSecrets } from '../outcomes/redact.js'
import type { CleanupFn, ClientFactory } from './types.js'

interface CleanupEntry {
  region: string
  scenario: string
  fn: CleanupFn
}

export interface CleanupFailure {
  region: string
  scenario: string
  message: string
}

export class CleanupRegistry {
  private readonly entries: CleanupEntry[] = []

  add(region: string, scenario: string, fn: CleanupFn): void {
    this.entries.push({ region, scenario, fn })
  }

  get size(): number {
    return this.entries.length
  }

  /** Runs and forgets every registered cleanup (LIFO). */
  async runAll(admin: (region: string) => ClientFactory): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = []
    while (this.entries.length > 0) {
      const entry = this.entries.pop() as CleanupEntry
      try {
        await entry.fn(admin(entry.region))
      } catch (error) {
        const message = redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
        failures.push({ region: entry.region, scenario: entry.scenario, message })
      }
    }
    return failures
  }
}
