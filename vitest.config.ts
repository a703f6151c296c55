import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The longest test files (measured with `--reporter=json`, longest first) start first, so no long file
 * is left running alone at the end while the other core idles. Vitest orders by the durations in its
 * cache, but a fresh clone (CI) has no cache and falls back to file size, which puts short files with
 * long waits (verdicts-scp) last. Files not listed follow in vitest's own order.
 */
const LONGEST_FIRST = [
  'harness/e2e/survive.test.ts',
  'harness/e2e/verdicts-scp.test.ts',
  'harness/e2e/workflows.test.ts',
  'harness/e2e/verdict-causes.test.ts',
  'harness/e2e/verdicts.test.ts',
  'harness/e2e/pool.test.ts',
  'harness/minimize/minimize.test.ts',
  'harness/e2e/launch-and-interrupt.test.ts',
  'harness/reporters/dashboard/dashboard.test.ts',
  'harness/store/store.test.ts',
  'harness/e2e/contained-scenarios.test.ts',
  'harness/emulator/botocore.test.ts',
  'harness/e2e/shards.test.ts',
  'harness/emulator/protocols/aws-cli.test.ts',
  'harness/e2e/bad-input.test.ts',
  'harness/e2e/history-store.test.ts',
]

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((listed) => file.moduleId.endsWith(`/${listed}`))
      return index === -1 ? LONGEST_FIRST.length : index
    }
    const sorted = await super.sort(files)
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map(({ file }) => file)
  }
}

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scenarios/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real-process end-to-end tests run the compiled CLI: rebuild dist/ first if a source changed.
    globalSetup: ['harness/e2e/global-setup.ts'],
    pool: 'forks',
    // Both cores of a 2-core machine, and one worker process per core for many test files instead of a
    // fresh process per file: re-importing the AWS SDK and the emulator for each of ~180 files cost more
    // than the tests themselves. Test files restore what they change (env, spies, registries). A third
    // worker would fill the waits of some e2e files, but twice in three full runs it ended the suite
    // with tinypool's "Terminating worker thread" (an idle worker recycled while being torn down).
    maxWorkers: 2,
    minWorkers: 1,
    isolate: false,
    sequence: { sequencer: LongestFirstSequencer },
    env: {
      // The SDK's Node 20 end-of-support notice would repeat in every worker's output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Scenario threads run the compiled worker (the global setup has just rebuilt dist/ from these
      // sources), as the CLI does: about half the CPU of a thread that transpiles the worker's sources.
      HARNESS_COMPILED_SCENARIO_WORKER: '1',
    },
  },
})
