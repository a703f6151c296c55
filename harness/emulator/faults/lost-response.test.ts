/**
 * A `lost-response` fault lets the request take effect and then drops the connection: the caller sees
 * a network error although AWS did the work. CreateAccount has no client token, so only
 * ListCreateAccountStatus reveals the in-flight request (shared/aws-facts.md §11).
 */
import {
  CreateAccountCommand,
  ListCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { controlHeaders, failure, withEmulator } from '../testing.js'

describe('lost-response faults', () => {
  const emu = withEmulator({
    date: '2026-06-01T00:00:00Z',
    faults: [{ service: 'organizations', operation: 'CreateAccount', fault: 'lost-response', count: 1 }],
  })

  it('Given a CreateAccount whose response is lost, then the caller gets a network error and the request exists anyway', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const error = await failure(org.send(new CreateAccountCommand({ Email: 'lost@example.com', AccountName: 'lost' })))
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
    expect(error.name).not.toBe('ConstraintViolationException')
    const listed = await org.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS', 'SUCCEEDED'] }))
    expect(listed.CreateAccountStatuses?.map((s) => s.AccountName)).toEqual(['lost'])
    // The rule fired once; the next request is answered normally.
    const second = await org.send(new CreateAccountCommand({ Email: 'next@example.com', AccountName: 'next' }))
    expect(second.CreateAccountStatus?.State).toBe('IN_PROGRESS')
  })

  it('Given a lost-response rule in a faults body, then it is accepted by the schema', async () => {
    const response = await fetch(`${emu.endpoint}/_emulator/faults`, {
      method: 'POST',
      headers: controlHeaders(emu.controlToken),
      body: JSON.stringify([{ service: 'ec2', fault: 'lost-response', rate: 0.5 }]),
    })
    expect(response.status).toBe(200)
  })
})
