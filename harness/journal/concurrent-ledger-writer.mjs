// Test helper process (journal.test.ts): records `count` account uses in the ledger under `reportsDir`
// (argv: dir, prefix, count). Plain JS on the compiled ledger in dist/ (the tests' global setup rebuilds it
// from the sources): started through tsx, each process spent ~0.6 s CPU transpiling before it wrote.
import { recordAccountUse } from '../../dist/accounts/ledger.js'

const [reportsDir, prefix, count] = process.argv.slice(2)
for (let i = 0; i < Number(count); i++) {
  await recordAccountUse(reportsDir, {
    accountId: `${prefix}${String(i).padStart(12 - prefix.length, '0')}`,
    createdAt: new Date(),
    runId: `run-${prefix}-${i}`,
    regionsUsed: ['us-east-1'],
    operationsUsed: [],
    status: 'closed',
  })
}
