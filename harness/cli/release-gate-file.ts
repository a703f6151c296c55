/**
 * `<reports>/release-gate.json`, the release gate's verdict a release workflow reads. Every `harness run`
 * removes an earlier one as it starts, so a run that stops early (bad input, an unreachable history store,
 * Ctrl-C) never leaves an earlier check's "SAME AS THE NIGHTLY" standing beside it; only a release check
 * that finishes writes a new one (run-history.ts).
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { CliIo } from './io.js'

export const RELEASE_GATE_FILE = 'release-gate.json'

/** Never throws: a reports directory that cannot be written is said by the run's own check of it. */
export async function forgetReleaseGate(reportsDir: string): Promise<void> {
  await rm(path.join(reportsDir, RELEASE_GATE_FILE), { force: true }).catch(() => undefined)
}

/**
 * The same when the run's input failed before its config was known (a bad flag, an invalid config): the
 * reports directory as the config would have resolved it (--reports-dir, HARNESS_REPORTS_DIR, the config
 * file's reportsDir, the default), as far as it can be read. Never throws: the input's own error is the one said.
 */
export async function forgetReleaseGateBeforeConfig(args: string[], io: Pick<CliIo, 'cwd' | 'env'>): Promise<void> {
  try {
    // Loaded here, on a failure only: run-command.ts loads the config's modules (zod) later, on purpose.
    const [{ findProject, importUserConfig }, { resolveConfig }] = await Promise.all([
      import('../config/load.js'),
      import('../config/resolve.js'),
    ])
    const { values } = parseArgs({
      args,
      options: { 'reports-dir': { type: 'string' }, config: { type: 'string' } },
      strict: false,
      allowPositionals: true,
    })
    const flag = (name: 'reports-dir' | 'config') => (typeof values[name] === 'string' ? values[name] : undefined)
    const { rootDir, configFile } = findProject(io.cwd, flag('config'))
    const fromFile =
      flag('reports-dir') || io.env.HARNESS_REPORTS_DIR || !configFile
        ? undefined
        : ((await importUserConfig(configFile).catch(() => undefined)) as { reportsDir?: unknown } | undefined)
            ?.reportsDir
    const { config } = resolveConfig({
      user: typeof fromFile === 'string' ? { reportsDir: fromFile } : {},
      configFile,
      rootDir,
      cwd: io.cwd,
      env: io.env,
      flags: { reportsDir: flag('reports-dir') },
    })
    await forgetReleaseGate(config.reportsDir)
  } catch {
    // Best effort: nothing more is known about where the reports go.
  }
}
