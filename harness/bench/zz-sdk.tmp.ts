import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { startEmulator } from '../emulator/server.js'
import * as authz from '../emulator/authz/index.js'
const emu = await startEmulator({ port: 0 })
const cfg = { region: 'us-east-1', endpoint: emu.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }
const sts = new STSClient(cfg)
const logs = new CloudWatchLogsClient(cfg)
for (const [name, send] of [['sts', () => sts.send(new GetCallerIdentityCommand({}))], ['logs', () => logs.send(new DescribeLogGroupsCommand({}))]] as const) {
  for (const conc of [1, 16]) {
    for (let i = 0; i < 100; i++) await send()
    const N = 1000; let next = 0; const t = performance.now()
    await Promise.all(Array.from({ length: conc }, async () => { while (next < N) { next++; await send() } }))
    console.log(name, conc, Math.round(N / ((performance.now() - t) / 1000)))
  }
}
await emu.stop()
