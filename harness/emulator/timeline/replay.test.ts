/**
 * The 2022 tag-on-create incidents, replayed through real SDK clients on the emulator's clock:
 * the same minimal policy is allowed before the change reaches a region, denied after it for
 * accounts that never created a tagged resource there, and still allowed for accounts that had.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession, rejection, setClock, waitForPolicy } from '../authz/test-fixtures.js'
import { type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import { AWS_HISTORY } from './aws-history.js'
import { loadTimelineFile } from './load.js'

const createTaggedLogGroup = (emu: TestEmulator, region: string, credentials: TestCredentials, name: string) =>
  new CloudWatchLogsClient(emu.clientConfig(region, credentials)).send(
    new CreateLogGroupCommand({ logGroupName: name, tags: { team: 'harness' } }),
  )

const createTaggedRepository = (emu: TestEmulator, region: string, credentials: TestCredentials, name: string) =>
  new ECRClient(emu.clientConfig(region, credentials)).send(
    new CreateRepositoryCommand({ repositoryName: name, tags: [{ Key: 'team', Value: 'harness' }] }),
  )

describe('CloudWatch Logs tag-on-create rollout (2022)', () => {
  const emu = withEmulator({ date: '2022-11-01T00:00:00Z' })

  it('denies fresh accounts in ca-central-1 after 2022-11-10, spares earlier users and unreached regions', async () => {
    const policy = allow(['logs:CreateLogGroup'])
    // Given two accounts holding only logs:CreateLogGroup, before the rollout reached ca-central-1
    const veteran = await minimalSession(emu, policy)
    const fresh = await minimalSession(emu, policy)
    // When the veteran creates a tagged log group there on 2022-11-01, it is allowed
    await createTaggedLogGroup(emu, 'ca-central-1', veteran.credentials, 'before-rollout')

    // Then, once the rollout reached ca-central-1 (but not yet us-east-1)
    await setClock(emu, '2022-11-15T00:00:00Z')
    const freshCredentials = await waitForPolicy(emu, fresh.roleArn)
    const veteranCredentials = await waitForPolicy(emu, veteran.roleArn)
    expect(await rejection(createTaggedLogGroup(emu, 'ca-central-1', freshCredentials, 'fresh'))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User with accountId: ${fresh.accountId} is not authorized to perform CreateLogGroup with Tags`,
    })
    await createTaggedLogGroup(emu, 'ca-central-1', veteranCredentials, 'veteran-after-rollout')
    await createTaggedLogGroup(emu, 'us-east-1', freshCredentials, 'region-not-reached')
    // Untagged creation never needed more than logs:CreateLogGroup
    await new CloudWatchLogsClient(emu.clientConfig('ca-central-1', freshCredentials)).send(
      new CreateLogGroupCommand({ logGroupName: 'untagged' }),
    )
  })

  it('allows fresh accounts that hold logs:TagLogGroup or logs:TagResource', async () => {
    await setClock(emu, '2022-12-01T00:00:00Z')
    for (const tagAction of ['logs:TagLogGroup', 'logs:TagResource']) {
      const { credentials } = await minimalSession(emu, allow(['logs:CreateLogGroup', tagAction]))
      await createTaggedLogGroup(emu, 'ca-central-1', credentials, `with-${tagAction.replace(':', '-')}`)
    }
  })

  it('uses the 2023 wording with the additional-permission sentence', async () => {
    await setClock(emu, '2024-01-15T00:00:00Z')
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:CreateLogGroup']))
    expect((await rejection(createTaggedLogGroup(emu, 'eu-west-1', credentials, 'lg'))).message).toBe(
      `User with accountId: ${accountId} is not authorized to perform CreateLogGroup with Tags. ` +
        'An additional permission "logs:TagResource" is required.',
    )
  })
})

describe('ECR tag-on-create (December 2022)', () => {
  const emu = withEmulator({ date: '2022-12-01T00:00:00Z' })

  it('denies fresh accounts from 2022-12-21 naming ecr:TagResource, while earlier users keep working', async () => {
    const policy = allow(['ecr:CreateRepository'])
    const veteran = await minimalSession(emu, policy)
    const fresh = await minimalSession(emu, policy)
    await createTaggedRepository(emu, 'eu-central-1', veteran.credentials, 'before')

    await setClock(emu, '2023-01-10T00:00:00Z')
    const freshCredentials = await waitForPolicy(emu, fresh.roleArn)
    const veteranCredentials = await waitForPolicy(emu, veteran.roleArn)
    const account = fresh.accountId
    expect(await rejection(createTaggedRepository(emu, 'eu-central-1', freshCredentials, 'fresh'))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message:
        `User: arn:aws:sts::${account}:assumed-role/harness-minimal/test is not authorized to perform: ecr:TagResource ` +
        `on resource: arn:aws:ecr:eu-central-1:${account}:repository/fresh because no identity-based policy allows ` +
        'the ecr:TagResource action',
    })
    await createTaggedRepository(emu, 'eu-central-1', veteranCredentials, 'after')
    const granted = await minimalSession(emu, allow(['ecr:CreateRepository', 'ecr:TagResource']))
    await createTaggedRepository(emu, 'eu-central-1', granted.credentials, 'with-tag-permission')
  })
})

describe('ECR tag-on-create rehearsed as a regional rollout (built-in entry overridden by id)', () => {
  // The sources name no region for the ECR change, so the built-in entry applies everywhere from
  // 2022-12-21; a user file replacing it by id rehearses a staged rollout instead.
  const dir = mkdtempSync(join(tmpdir(), 'ecr-rollout-'))
  const file = join(dir, 'timeline.json')
  const builtIn = AWS_HISTORY.find((change) => change.id === 'aws-2022-ecr-create-repository-tag-on-create')!
  writeFileSync(
    file,
    JSON.stringify([
      {
        ...builtIn,
        source: 'rehearsal of a staged rollout',
        where: {
          rollout: [
            { region: 'eu-central-1', date: '2022-12-21' },
            { region: '*', date: '2023-02-01' },
          ],
        },
      },
    ]),
  )
  const timeline = loadTimelineFile(file)
  rmSync(dir, { recursive: true, force: true })
  const emu = withEmulator({ date: '2023-01-10T00:00:00Z', timeline })

  it('denies fresh accounts where the rollout arrived, while a region it has not reached keeps allowing', async () => {
    const policy = allow(['ecr:CreateRepository'])
    const { credentials } = await minimalSession(emu, policy)
    expect((await rejection(createTaggedRepository(emu, 'eu-central-1', credentials, 'reached'))).message).toMatch(
      /is not authorized to perform: ecr:TagResource on resource: arn:aws:ecr:eu-central-1:/,
    )
    const unreached = await createTaggedRepository(emu, 'ap-southeast-2', credentials, 'not-yet')
    expect(unreached.repository?.repositoryName).toBe('not-yet')
    // Once the rollout reaches every region, a region the account never used is enforced too.
    await setClock(emu, '2023-02-15T00:00:00Z')
    const later = await waitForPolicy(emu, (await minimalSession(emu, policy)).roleArn)
    expect((await rejection(createTaggedRepository(emu, 'us-west-2', later, 'everywhere'))).name).toBe(
      'AccessDeniedException',
    )
  })
})

describe('a user-supplied timeline change (rehearsal)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rehearsal-'))
  const file = join(dir, 'timeline.json')
  writeFileSync(
    file,
    JSON.stringify({
      changes: [
        {
          id: 'what-if-retention',
          title: 'Hypothetical: CreateLogGroup also needs logs:PutRetentionPolicy in eu-west-1',
          source: 'rehearsal',
          operations: ['logs:CreateLogGroup'],
          effect: { kind: 'require-check', checks: { action: 'logs:PutRetentionPolicy' } },
          where: { regions: ['eu-west-1'] },
          who: 'all-accounts',
          from: '2025-06-01',
        },
      ],
    }),
  )
  const timeline = loadTimelineFile(file)
  rmSync(dir, { recursive: true, force: true })
  const emu = withEmulator({ date: '2025-07-01T00:00:00Z', timeline })

  it('adds the check where the change applies, and the audit log names the change', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:CreateLogGroup']))
    const create = (region: string) =>
      new CloudWatchLogsClient(emu.clientConfig(region, credentials)).send(
        new CreateLogGroupCommand({ logGroupName: 'lg' }),
      )
    expect((await rejection(create('eu-west-1'))).message).toBe(
      `User: arn:aws:sts::${accountId}:assumed-role/harness-minimal/test is not authorized to perform: ` +
        `logs:PutRetentionPolicy on resource: arn:aws:logs:eu-west-1:${accountId}:log-group:lg:log-stream: because no ` +
        'identity-based policy allows the logs:PutRetentionPolicy action',
    )
    await create('us-east-1')
    const call = emu.state.calls.find((entry) => entry.region === 'eu-west-1' && entry.operation === 'CreateLogGroup')
    expect(call?.authorization.map((record) => [record.action, record.reason, record.decision])).toEqual([
      ['logs:CreateLogGroup', 'primary', 'Allowed'],
      ['logs:PutRetentionPolicy', 'timeline:what-if-retention', 'ImplicitlyDenied'],
    ])
  })
})
