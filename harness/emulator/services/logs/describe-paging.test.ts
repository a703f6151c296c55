/**
 * DescribeLogGroups pages from the sorted index: given log groups under several prefixes, created in
 * reverse order, when the SDK paginator walks them with a prefix or a pattern and a small limit, then
 * every matching group comes back once, in name order, and a deleted group never reappears.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { withEmulator } from '../../testing.js'

const NAMES = Array.from(
  { length: 60 },
  (_, i) => `/${['ecs', 'lambda', 'ecs-old'][i % 3]}/svc-${String(i).padStart(2, '0')}`,
)

describe('DescribeLogGroups paging', () => {
  const emu = withEmulator({ date: '2024-05-01T00:00:00Z' })

  it('walks a prefix and a pattern page by page, in name order, each group once', async () => {
    const client = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    // Created out of name order, so the index, not insertion order, gives the order.
    for (const logGroupName of [...NAMES].reverse()) await client.send(new CreateLogGroupCommand({ logGroupName }))
    await client.send(new DeleteLogGroupCommand({ logGroupName: '/ecs/svc-03' }))
    const walk = async (input: { logGroupNamePrefix?: string; logGroupNamePattern?: string }) => {
      const names: string[] = []
      for await (const page of paginateDescribeLogGroups({ client, pageSize: 7 }, input)) {
        expect(page.logGroups?.length ?? 0).toBeLessThanOrEqual(7)
        names.push(...(page.logGroups ?? []).map((group) => group.logGroupName!))
      }
      return names
    }
    const ecs = NAMES.filter((name) => name.startsWith('/ecs/') && name !== '/ecs/svc-03').sort()
    expect(await walk({ logGroupNamePrefix: '/ecs/' })).toEqual(ecs)
    const svc1x = NAMES.filter((name) => name.includes('svc-1')).sort()
    expect(await walk({ logGroupNamePattern: 'svc-1' })).toEqual(svc1x)
    expect(await walk({})).toEqual(NAMES.filter((name) => name !== '/ecs/svc-03').sort())
  })
})
