/** Telling a request that got no answer (network, endpoint) from one AWS answered, also inside a credential provider's error. */
import { connect } from 'node:net'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { CredentialsProviderError } from '@smithy/core/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import { gotNoAnswer, isCredentialProviderError } from './aws-error.js'

/** What Node gives a connection to a port where nothing listens. */
function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => {
    const socket = connect(1, '127.0.0.1')
    socket.on('error', resolve)
  })
}

let emu: TestEmulator
beforeAll(async () => {
  emu = await startTestEmulator()
})
afterAll(() => emu.stop())

describe('gotNoAnswer', () => {
  it('is true for a refused connection, as Node and as the SDK report it', async () => {
    expect(gotNoAnswer(await refusedConnection())).toBe(true)
    const sts = new STSClient({ ...emu.clientConfig(), endpoint: 'http://127.0.0.1:1' })
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((thrown: unknown) => thrown)
    expect(gotNoAnswer(error)).toBe(true)
  })

  it('is false for an error AWS answered with, whatever it says', async () => {
    const sts = new STSClient(emu.clientConfig('us-east-1', { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }))
    const error = await sts.send(new GetCallerIdentityCommand({})).catch((thrown: unknown) => thrown)
    expect(gotNoAnswer(error)).toBe(false)
  })

  it('is true for a credential provider that could not reach its source (an SSO portal), false when it had no credentials', async () => {
    // credential-provider-sso passes the network error itself as the message: the same text as String(error).
    const unreachable = new CredentialsProviderError(String(await refusedConnection()), { tryNextLink: false })
    expect(gotNoAnswer(unreachable)).toBe(true)
    expect(isCredentialProviderError(unreachable)).toBe(true)
    const noToken = new CredentialsProviderError('The SSO session associated with this profile has expired.', {
      tryNextLink: false,
    })
    expect(gotNoAnswer(noToken)).toBe(false)
  })
})
