/**
 * Finds and loads harness.config.ts (or the --config file), validates it and resolves it with the
 * environment and flags. Every problem found is reported at once as CONFIG_INVALID.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { HarnessError } from '../errors.js'
import { describeImportError, importUserModule } from './import-module.js'
import { type ResolvedConfig, type RunOverrides, resolveConfig } from './resolve.js'
import { formatProblems, type UserConfig, validateUserConfig } from './schema.js'

export const DEFAULT_CONFIG_FILES = [
  'harness.config.ts',
  'harness.config.mts',
  'harness.config.js',
  'harness.config.mjs',
]

export interface LoadConfigOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  configFile?: string
  flags: RunOverrides
  /** The command vends accounts (run, minimize): on AWS it then needs accounts.emailTemplate. */
  vends?: boolean
}

/** Marks the top of a project when no config file is found on the way up (like npm and git). */
const PROJECT_MARKERS = ['package.json', '.git']

export interface ProjectLocation {
  /** Defaults (policy, scenarios, reports) resolve from here. */
  rootDir: string
  configFile?: string
}

export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  return findProject(cwd, explicit).configFile
}

/**
 * The project a command runs in, found from any subdirectory: the nearest directory upwards holding a
 * harness.config.* file, else the nearest holding package.json or .git, else the working directory.
 */
export function findProject(cwd: string, explicit?: string): ProjectLocation {
  if (explicit) {
    const file = path.resolve(cwd, explicit)
    if (!existsSync(file)) throw new HarnessError('CONFIG_INVALID', `Config file ${file} does not exist.`)
    if (statSync(file).isDirectory())
      throw new HarnessError('CONFIG_INVALID', `Config file ${file} is a directory; name the file (harness.config.ts).`)
    return { rootDir: path.dirname(file), configFile: file }
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const configFile = DEFAULT_CONFIG_FILES.map((name) => path.join(dir, name)).find((file) => existsSync(file))
    if (configFile) return { rootDir: dir, configFile }
    if (PROJECT_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return { rootDir: dir }
    if (path.dirname(dir) === dir) return { rootDir: path.resolve(cwd) }
  }
}

/** Imports a config module; the CLI has registered tsx, so TypeScript files load directly. */
export async function importUserConfig(file: string): Promise<unknown> {
  let module: Record<string, unknown>
  try {
    module = await importUserModule(file)
  } catch (error) {
    const reason = describeImportError(error)
    throw new HarnessError('CONFIG_INVALID', `Config file ${file} failed to load: ${reason}`, { cause: error })
  }
  if (!('default' in module)) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `Config file ${file} has no default export (export default defineConfig({ … })).`,
    )
  }
  return module.default
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const { configFile, rootDir } = findProject(options.cwd, options.configFile)
  let user: UserConfig = {}
  if (configFile) {
    const validated = validateUserConfig(await importUserConfig(configFile), configFile)
    if (validated.errors.length > 0) throw invalid(validated.errors)
    user = validated.value ?? {}
  }
  const { config, errors } = resolveConfig({
    user,
    configFile,
    rootDir,
    cwd: options.cwd,
    env: options.env,
    flags: options.flags,
    vends: options.vends,
  })
  if (errors.length > 0) throw invalid(errors)
  return config
}

function invalid(problems: Parameters<typeof formatProblems>[0]): HarnessError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
  return new HarnessError('CONFIG_INVALID', `Invalid configuration (${count}):\n${formatProblems(problems)}`)
}
