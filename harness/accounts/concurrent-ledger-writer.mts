// Test helper process: records `count` account uses in the ledger under `reportsDir` (argv: dir, prefix, count).
import { recordAccountUse } from './ledger.ts'

const [reportsDir, prefix, count] = process.argv.slice(2)
for (let i = 0; i < Number(count); i++) {
  await recordAccountUse(reportsDir!, {
    accountId: `${prefix}${String(i).padStart(12 - prefix!.length, '0')}`,
    createdAt: new Date(),
    runId: `run-${prefix}-${i}`,
    regionsUsed: ['us-east-1'],
    operationsUsed: [],
    status: 'closed',
  })
}
