// Runs the example scenarios: npx harness run --config scenarios/examples/harness.config.ts --region eu-west-1
// Paths are relative to this file. The default run (scenarios/*.ts) does not include these examples.
import { defineConfig } from '../../harness/index.js'

export default defineConfig({
  scenarios: ['*-*.ts'],
  policy: 'policy.json',
  reportsDir: '../../reports/examples',
})
