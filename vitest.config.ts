import { tmpdir } from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Node 22: the worker processes, the scenario threads they start and the CLI processes reuse V8's compiled
// code for the AWS SDK and the emulator across the suite (the CLI's bin.mjs enables the same cache; a
// no-op on Node 20). Set here, before vitest starts its workers, so they start with it.
process.env.NODE_COMPILE_CACHE ??= path.join(tmpdir(), 'node-compile-cache')

/**
 * The longest test files start first, so no long file is left running alone at the end while the other
 * workers idle: longest first as the default reporter times them (hooks included) in a fresh-clone
 * `.ci/run`, and e2e/regions before them all, as its ~17 s are nearly all waiting on region opt-in.
 * Vitest orders by the durations in its cache, but a fresh clone (CI) has no cache and falls back to
 * file size, which puts short files with long waits last. Files not listed follow in vitest's order.
 */
const LONGEST_FIRST = [
  'harness/e2e/regions.test.ts',
  'harness/e2e/verdict-causes.test.ts',
  'harness/e2e/workflows.test.ts',
  'harness/store/store.test.ts',
  'harness/e2e/history-store.test.ts',
  'harness/e2e/contained-scenarios.test.ts',
  'harness/e2e/survive.test.ts',
  'harness/e2e/shards.test.ts',
  'harness/e2e/pool.test.ts',
  'harness/store/store-guard.test.ts',
  'harness/minimize/minimize.test.ts',
  'harness/history/history-index.test.ts',
  'harness/e2e/warm-threads.test.ts',
  'harness/emulator/botocore.test.ts',
  'harness/emulator/protocols/aws-cli.test.ts',
  'harness/e2e/run-local.test.ts',
  'harness/reporters/dashboard/dashboard.test.ts',
  'harness/e2e/blast-radius.test.ts',
  'harness/credentials/harness-role.test.ts',
  'harness/e2e/ec2-tag-on-create.test.ts',
  'harness/e2e/trail-capture.test.ts',
  'harness/e2e/bad-input.test.ts',
  'harness/e2e/verdicts.test.ts',
  'harness/e2e/minimal-policy.test.ts',
  'harness/e2e/conditioned-fixes.test.ts',
  'harness/e2e/commonjs-project.test.ts',
  'harness/e2e/launch-and-interrupt.test.ts',
  'harness/reporters/html-report.test.ts',
  'harness/minimize/calls-mode.test.ts',
  'harness/accounts/regions.test.ts',
  'harness/e2e/replay-2022.test.ts',
  'harness/e2e/rehearsal.test.ts',
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
    // Child processes, not worker threads. Each git, CLI or shell process a test starts is forked from its
    // worker's process, and fork copies that process's page tables, which exec then tears down again. With
    // threads that process is vitest's own, holding all four workers' heaps: perf showed fork, exec's unmap
    // and the copy-on-write faults after them at ~14 % of the suite's CPU, for ~900 spawns (mostly git).
    // Side by side on 2 cores (CPU from /proc/stat): forks 74.7 s wall / 131 s CPU and 88.2 s / 162 s (a slow
    // moment); threads 93.5 s / 167 s and 93.9 s / 167 s.
    // (Forks pay instead for sending each worker its transformed modules through a pipe: less than that.)
    pool: 'forks',
    // Four long-lived workers on a 2-core machine: one per file would re-import the AWS SDK and
    // the emulator for each of ~200 files (more than the tests cost), and the workers beyond two fill the
    // waits of the e2e files (account creation, propagation, CloudTrail delivery on the emulator's clock)
    // while two use the cores: 79 s with four vs 88-90 s with three, for ~3 s more CPU (one more warm-up).
    // Test files restore what they change (env, spies, registries).
    // minWorkers = maxWorkers: with fewer minimum workers tinypool recycles an idle worker, which in vitest
    // 3.2 could end a threads suite with "Terminating worker thread" (vitest-dev/vitest#8133, #8564).
    maxWorkers: 4,
    minWorkers: 4,
    isolate: false,
    // Node 20.19+/22 parses a package's .js entry once more to guess its module format when the package.json
    // names no "type" (the AWS SDK's CommonJS bundles: ~0.16 s of CPU per worker for the clients the tests
    // import). Such files are CommonJS here; an ES module without "type" would fail loudly, never pass.
    poolOptions: { forks: { execArgv: ['--no-experimental-detect-module'] } },
    sequence: { sequencer: LongestFirstSequencer },
    env: {
      // The SDK's Node 20 end-of-support notice would repeat in every worker's output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Scenario threads run the compiled worker (the global setup has just rebuilt dist/ from these
      // sources), as the CLI does: about half the CPU of a thread that transpiles the worker's sources.
      HARNESS_COMPILED_SCENARIO_WORKER: '1',
      // Every Node process reads and parses this CA file when it starts (about 50 ms of CPU for the 220 KB
      // system bundle some machines point it at), and the suite starts over a hundred (the CLI, the
      // workflow scripts' helpers, fake tools) that only speak plain HTTP to a local emulator. Empty = unset.
      NODE_EXTRA_CA_CERTS: '',
    },
  },
})
