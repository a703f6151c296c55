/** tag:GetResources through the SDK: the caller's tagged resources in the region, filtered and paged. */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { describe, expect, it } from 'vitest'
import { withEmulator } from '../../testing.js'

describe('Resource Groups Tagging API GetResources', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })

  it('Given tagged resources of two runs and two regions, then a tag filter returns only that run in that region, paged', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    for (const name of ['a', 'b', 'c'])
      await logs.send(new CreateLogGroupCommand({ logGroupName: `lg-${name}`, tags: { 'harness:run-id': 'r1' } }))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'other', tags: { 'harness:run-id': 'r2' } }))
    await new ECRClient(emu.clientConfig('eu-west-1')).send(
      new CreateRepositoryCommand({ repositoryName: 'repo', tags: [{ Key: 'harness:run-id', Value: 'r1' }] }),
    )
    await new CloudWatchLogsClient(emu.clientConfig('us-west-2')).send(
      new CreateLogGroupCommand({ logGroupName: 'elsewhere', tags: { 'harness:run-id': 'r1' } }),
    )
    const tagging = new ResourceGroupsTaggingAPIClient(emu.clientConfig('eu-west-1'))
    const filter = { TagFilters: [{ Key: 'harness:run-id', Values: ['r1'] }] }
    const first = await tagging.send(new GetResourcesCommand({ ...filter, ResourcesPerPage: 3 }))
    const rest = await tagging.send(new GetResourcesCommand({ ...filter, PaginationToken: first.PaginationToken }))
    const arns = [...(first.ResourceTagMappingList ?? []), ...(rest.ResourceTagMappingList ?? [])].map(
      (r) => r.ResourceARN,
    )
    expect(arns).toEqual([
      expect.stringMatching(/^arn:aws:ecr:eu-west-1:111111111111:repository\/repo$/),
      'arn:aws:logs:eu-west-1:111111111111:log-group:lg-a',
      'arn:aws:logs:eu-west-1:111111111111:log-group:lg-b',
      'arn:aws:logs:eu-west-1:111111111111:log-group:lg-c',
    ])
    expect(rest.PaginationToken).toBe('')
    const onlyLogs = await tagging.send(new GetResourcesCommand({ ...filter, ResourceTypeFilters: ['logs:log-group'] }))
    expect(onlyLogs.ResourceTagMappingList).toHaveLength(3)
    expect(onlyLogs.ResourceTagMappingList?.[0]?.Tags).toEqual([{ Key: 'harness:run-id', Value: 'r1' }])
  })
})
