/** SCPs and tags through the SDK. */
import {
  AttachPolicyCommand,
  ConstraintViolationException,
  CreatePolicyCommand,
  DetachPolicyCommand,
  DuplicatePolicyAttachmentException,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  PolicyNotAttachedException,
  TagResourceCommand,
  TargetNotFoundException,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { vendAccount } from '../../test-accounts.js'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'

const DENY_REGIONS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
  ],
})

describe('Organizations policies and tags', () => {
  const emu = withEmulator({ date: PINNED_DATE })
  const client = () => new OrganizationsClient(emu.clientConfig())

  it('Given the bootstrap, then FullAWSAccess is listed as an AWS managed SCP', async () => {
    const out = await client().send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))
    expect(out.Policies).toEqual([
      expect.objectContaining({
        Id: 'p-FullAWSAccess',
        Name: 'FullAWSAccess',
        AwsManaged: true,
        Type: 'SERVICE_CONTROL_POLICY',
      }),
    ])
  })

  it('Given a customer SCP, then it attaches once to an account, detaches, and detaching again fails', async () => {
    const accountId = await vendAccount(emu, 'scp@example.com')
    const created = await client().send(
      new CreatePolicyCommand({
        Name: 'deny-eu',
        Description: 'no eu',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: DENY_REGIONS,
      }),
    )
    const policyId = created.Policy!.PolicySummary!.Id!
    expect(policyId).toMatch(/^p-[a-z0-9]{8}$/)
    expect(created.Policy?.Content).toBe(DENY_REGIONS)
    await client().send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: accountId }))
    expect(emu.state.organization!.attachments.get(accountId)).toEqual(new Set(['p-FullAWSAccess', policyId]))
    const twice = await failure(client().send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: accountId })))
    expect(twice).toBeInstanceOf(DuplicatePolicyAttachmentException)
    await client().send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: accountId }))
    const detached = await failure(client().send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: accountId })))
    expect(detached).toBeInstanceOf(PolicyNotAttachedException)
  })

  it("Given FullAWSAccess is the root's only SCP, then detaching it is a ConstraintViolation", async () => {
    const rootId = (await client().send(new ListRootsCommand({}))).Roots![0]!.Id!
    const error = await failure(
      client().send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: rootId })),
    )
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect((error as ConstraintViolationException).Reason).toBe('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED')
  })

  it('Given TagResource on an account, then ListTagsForResource returns the merged tags', async () => {
    const accountId = await vendAccount(emu, 'tags@example.com')
    await client().send(new TagResourceCommand({ ResourceId: accountId, Tags: [{ Key: 'a', Value: '1' }] }))
    await client().send(
      new TagResourceCommand({
        ResourceId: accountId,
        Tags: [
          { Key: 'a', Value: '2' },
          { Key: 'b', Value: '3' },
        ],
      }),
    )
    const out = await client().send(new ListTagsForResourceCommand({ ResourceId: accountId }))
    expect(out.Tags).toEqual([
      { Key: 'a', Value: '2' },
      { Key: 'b', Value: '3' },
    ])
    const missing = await failure(client().send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })))
    expect(missing).toBeInstanceOf(TargetNotFoundException)
  })
})
