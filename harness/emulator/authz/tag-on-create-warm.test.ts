/**
 * Logs CreateLogGroup with tags once the request path is warm: the tag-on-create checks share the
 * logs:CreateLogGroup check's resource and context object, and decisions are remembered per policy
 * set, principal, action and resource. Neither may let a tagged request through on a remembered
 * logs:CreateLogGroup decision, nor deny one that either tag permission allows.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../core/state.js'
import { type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import { allow, allowStatement, minimalSession, policy, rejection } from './test-fixtures.js'

// After the 2022 rollout reached every region and the 2023 wording (shared/aws-facts.md, timeline/aws-history.ts).
const AFTER_ROLLOUT = '2024-01-15T00:00:00Z'
const REGION = 'eu-west-1'

const createLogGroup = (emu: TestEmulator, credentials: TestCredentials, name: string, tags?: Record<string, string>) =>
  new CloudWatchLogsClient(emu.clientConfig(REGION, credentials)).send(
    new CreateLogGroupCommand({ logGroupName: name, ...(tags ? { tags } : {}) }),
  )

const lastCreateLogGroup = (emu: TestEmulator): CallRecord =>
  emu.state.calls.filter((call) => call.operation === 'CreateLogGroup').at(-1)!

describe('Logs CreateLogGroup with tags on a warm request path', () => {
  const emu = withEmulator({ date: AFTER_ROLLOUT })

  it('stays denied without logs:TagResource or logs:TagLogGroup after many allowed calls', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:CreateLogGroup']), { region: REGION })
    // Warm every remembered decision this caller can have: untagged creation is allowed each time.
    for (let i = 0; i < 20; i++) await createLogGroup(emu, credentials, `untagged-${i}`)
    for (let i = 0; i < 3; i++) {
      expect(await rejection(createLogGroup(emu, credentials, `tagged-${i}`, { team: 'harness' }))).toEqual({
        name: 'AccessDeniedException',
        status: 400,
        message:
          `User with accountId: ${accountId} is not authorized to perform CreateLogGroup with Tags. ` +
          'An additional permission "logs:TagResource" is required.',
      })
    }
    const denied = lastCreateLogGroup(emu)
    const resource = `arn:aws:logs:${REGION}:${accountId}:log-group:tagged-2:log-stream:`
    expect(
      denied.authorization.map(({ action, resource, reason, decision }) => ({ action, resource, reason, decision })),
    ).toEqual([
      { action: 'logs:CreateLogGroup', resource, reason: 'primary', decision: 'Allowed' },
      { action: 'logs:TagResource', resource, reason: 'tag-on-create', decision: 'ImplicitlyDenied' },
      { action: 'logs:TagLogGroup', resource, reason: 'tag-on-create', decision: 'ImplicitlyDenied' },
    ])
  })

  it('is allowed by either tag permission alone, call after call', async () => {
    for (const tagAction of ['logs:TagLogGroup', 'logs:TagResource']) {
      const { credentials } = await minimalSession(emu, allow(['logs:CreateLogGroup', tagAction]), { region: REGION })
      for (let i = 0; i < 5; i++) await createLogGroup(emu, credentials, `${tagAction.slice(5)}-${i}`, { team: 'a' })
    }
  })

  it('evaluates tag conditions on the shared context for every check, call after call', async () => {
    // Condition keys make the policy set uncacheable; both tag checks read the same aws:RequestTag/team.
    const { credentials } = await minimalSession(
      emu,
      policy(
        allowStatement('logs:CreateLogGroup'),
        allowStatement('logs:TagResource', '*', { StringEquals: { 'aws:RequestTag/team': 'blue' } }),
      ),
      { region: REGION },
    )
    for (let i = 0; i < 3; i++) {
      await createLogGroup(emu, credentials, `blue-${i}`, { team: 'blue' })
      expect((await rejection(createLogGroup(emu, credentials, `red-${i}`, { team: 'red' }))).name).toBe(
        'AccessDeniedException',
      )
    }
  })
})
