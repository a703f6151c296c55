/**
 * CreateAccount is not idempotent (aws-facts §11): when its answer is lost, vending must find the
 * request that did go through instead of creating a second, unrecorded account; and every vended
 * account carries harness:managed and the run id, and is journaled as soon as AWS acknowledges it.
 */
import {
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import type { JournalEntry } from '../journal/types.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import { vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

describe('vendAccount after an ambiguous CreateAccount failure', () => {
  it('Given the first CreateAccount answer is lost, then it finds that request and creates no second account', async () => {
    fixture = await startProvisioningFixture({
      date: '2026-06-01T00:00:00Z',
      faults: [{ service: 'organizations', operation: 'CreateAccount', fault: 'lost-response', count: 1 }],
    })
    const journal: JournalEntry[] = []
    const account = await vendAccount(fixture.target, TEST_NAMING, {
      runId: 'lost-1',
      journal: async (entry) => {
        journal.push(entry)
      },
    })
    const org = new OrganizationsClient(fixture.emulator.clientConfig())
    const requests = await org.send(new ListCreateAccountStatusCommand({}))
    expect(requests.CreateAccountStatuses?.map((s) => [s.AccountName, s.State])).toEqual([
      ['harness-lost-1', 'SUCCEEDED'],
    ])
    expect(journal.map((e) => e.type)).toEqual(['account-requested', 'account-request-id', 'account-created'])
    expect(journal.at(-1)).toEqual({ type: 'account-created', accountId: account.accountId })
    const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: account.accountId }))
    expect(Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value]))).toMatchObject({
      'harness:managed': 'true',
      'harness:run-id': 'lost-1',
      purpose: 'harness-test',
    })
  })
})
