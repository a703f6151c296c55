/**
 * Only account vending's services load with the emulator (services/index.ts): the others load when a
 * request needs one, or once CreateAccount is answered. Each test starts from fresh module instances,
 * since the registry is per module instance.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TestEmulator } from '../testing.js'

let emu: TestEmulator
let registry: typeof import('./index.js')

beforeEach(async () => {
  vi.resetModules()
  registry = await import('./index.js')
  const { startTestEmulator } = await import('../testing.js')
  emu = await startTestEmulator({ date: '2026-06-01T00:00:00Z' })
})
afterEach(() => emu.stop())

describe('the emulator loads the services beyond account vending lazily', () => {
  it('starts with Organizations, Account and STS only, and loads the rest for the first request naming another', async () => {
    expect([...registry.LOADED_SERVICES.keys()].sort()).toEqual(['account', 'organizations', 'sts'])
    expect(registry.allServicesLoaded()).toBe(false)
    // Unsigned, so only its protocol names the service (X-Amz-Target): Logs answers in its own shape once loaded.
    const response = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
    expect(registry.allServicesLoaded()).toBe(true)
    expect(registry.LOADED_SERVICES.has('tagging')).toBe(true)
    const roles = await new IAMClient(emu.clientConfig('us-east-1')).send(new ListRolesCommand({}))
    expect(roles.Roles).toEqual(expect.any(Array))
  })

  it('loads them once CreateAccount is answered, before any request needs them', async () => {
    await new OrganizationsClient(emu.clientConfig('us-east-1')).send(
      new CreateAccountCommand({ AccountName: 'lazy', Email: 'lazy@example.com' }),
    )
    await vi.waitFor(() => expect(registry.allServicesLoaded()).toBe(true), { timeout: 5_000 })
    const logs = new CloudWatchLogsClient(emu.clientConfig('us-east-1'))
    await expect(logs.send(new CreateLogGroupCommand({ logGroupName: 'lazy' }))).resolves.toBeDefined()
  })
})
