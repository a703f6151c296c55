/**
 * What no real service can be made to do on purpose: a handler that throws unexpectedly (InternalFailure
 * 500, the stack only on stderr) and one that drops the connection. Stand-in handlers (test-services.ts)
 * provoke both. The protocol conformance suite itself runs against the real services:
 * conformance.real.test.ts (error texts and their sources: harness/emulator/FACTS.md).
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { failure, withEmulator } from '../testing.js'
import { installTestServices } from './test-services.js'

let restore: () => void
beforeAll(() => {
  restore = installTestServices()
})
afterAll(() => restore())

describe('internal failures', () => {
  const emu = withEmulator()

  it('turns an unexpected handler exception into InternalFailure 500 without leaking it', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'crash' })))
    const logged = stderr.mock.calls.map(([text]) => String(text))
    stderr.mockRestore()
    expect(error.name).toBe('InternalFailure')
    expect(error.$metadata.httpStatusCode).toBe(500)
    expect(error.message).not.toContain('boom')
    expect(logged.some((text) => text.includes('logs:CreateLogGroup failed unexpectedly'))).toBe(true)
    await logs.send(new DescribeLogGroupsCommand({}))
  })
})

describe('connection faults', () => {
  const emu = withEmulator()

  it('drops the connection for ConnectionResetFault and records it', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'reset' })))
    expect(error.code).toBe('ECONNRESET')
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
    expect(emu.state.calls.at(-1)).toMatchObject({
      operation: 'CreateLogGroup',
      outcome: 'error',
      errorCode: 'ConnectionReset',
    })
    await logs.send(new DescribeLogGroupsCommand({}))
  })
})
