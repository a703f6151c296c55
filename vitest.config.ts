import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scenarios/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real-process end-to-end tests run the compiled CLI: rebuild dist/ first if a source changed.
    globalSetup: ['harness/e2e/global-setup.ts'],
    pool: 'forks',
    // Both cores of a 2-core machine, and one worker process per core for many test files instead of a
    // fresh process per file: re-importing the AWS SDK and the emulator for each of ~100 files cost
    // more than the tests themselves. Test files restore what they change (env, spies, registries).
    maxWorkers: 2,
    minWorkers: 1,
    isolate: false,
    // The SDK's Node 20 end-of-support notice would repeat in every worker's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
})
