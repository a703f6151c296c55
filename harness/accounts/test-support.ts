/** Shared by the provisioning tests: an emulator, a local target on it, and its control API. */

import { createLocalTarget } from '../credentials/management.js'
import type { EmulatorOptions } from '../emulator/server.js'
import { controlHeaders, startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import type { AccountNaming, AwsTarget, ProvisionEvent } from './types.js'

export const TEST_NAMING: AccountNaming = {
  emailTemplate: 'aws+harness-{id}@example.com',
  namePrefix: 'harness-',
  tags: { purpose: 'harness-test' },
}

export interface ProvisioningFixture {
  emulator: TestEmulator
  target: AwsTarget
  events: ProvisionEvent[]
  onProgress: (event: ProvisionEvent) => void
  control<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>
}

export async function startProvisioningFixture(options: EmulatorOptions = {}): Promise<ProvisioningFixture> {
  const emulator = await startTestEmulator(options)
  const target = createLocalTarget({
    endpoint: emulator.endpoint,
    globalStsEndpoint: emulator.globalStsEndpoint,
    timeScale: emulator.state.clock.timeScale,
  })
  const events: ProvisionEvent[] = []
  return {
    emulator,
    target,
    events,
    onProgress: (event) => events.push(event),
    async control(method, path, body) {
      const response = await fetch(`${emulator.endpoint}/_emulator${path}`, {
        method,
        headers: controlHeaders(emulator.controlToken),
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`control ${method} ${path}: HTTP ${response.status} ${await response.text()}`)
      return (await response.json()) as never
    },
  }
}
