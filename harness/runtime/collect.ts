/**
 * Finds scenario files from the configured globs, loads them and checks each default-exports a
 * defineScenario() object. A file that fails any of this is SCENARIO_INVALID naming the file.
 */
import path from 'node:path'
import { describeImportError, importUserModule, preloadSdkClientsOf } from '../config/import-module.js'
import { HarnessError } from '../errors.js'
import { globFiles, globToRegExp } from './glob.js'
import { isScenario, type Scenario } from './types.js'

export interface LoadedScenario {
  file: string
  scenario: Scenario
}

export function findScenarioFiles(globs: readonly string[]): string[] {
  const files = globs
    .flatMap(globFiles)
    .filter((file) => !/\.(test|spec)\.[cm]?[jt]s$/.test(file) && !file.endsWith('.d.ts'))
  return [...new Set(files)].sort()
}

export async function loadScenarioFile(file: string, reload?: number): Promise<LoadedScenario> {
  let module: Record<string, unknown>
  try {
    module = await importUserModule(file, reload)
  } catch (error) {
    const reason = describeImportError(error)
    throw new HarnessError('SCENARIO_INVALID', `Scenario file ${file} failed to load: ${reason}`, { cause: error })
  }
  if (!('default' in module) || module.default === undefined) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `Scenario file ${file} has no default export (export default defineScenario({ … })).`,
    )
  }
  const scenario = module.default
  if (!isScenario(scenario)) {
    // A plain { name, run } object is the likeliest slip: say what to wrap it in.
    const plain = typeof scenario === 'object' && scenario !== null && 'run' in scenario
    const hint = plain ? ` (it exports a plain object: wrap it, import { defineScenario } from 'harness')` : ''
    throw new HarnessError(
      'SCENARIO_INVALID',
      `Scenario file ${file} does not default-export a defineScenario({ … }) object${hint}.`,
    )
  }
  if (typeof scenario.name !== 'string' || scenario.name.length === 0 || typeof scenario.run !== 'function') {
    throw new HarnessError('SCENARIO_INVALID', `Scenario file ${file} needs a non-empty name and a run() function.`)
  }
  const unknown = Object.keys(scenario).filter((key) => !SCENARIO_FIELDS.includes(key))
  if (unknown.length > 0) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `Scenario file ${file}: defineScenario does not take ${unknown.map((key) => `"${key}"`).join(', ')} (it takes ${SCENARIO_FIELDS.join(', ')}).`,
    )
  }
  const badOperation = invalidOperation(scenario.operations)
  if (badOperation !== undefined) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `Scenario file ${file}: operations must be a list of IAM actions like 'logs:CreateLogGroup' or 'logs:CreateLogGroup+tags'; got ${JSON.stringify(badOperation)}.`,
    )
  }
  return { file, scenario }
}

const OPERATION = /^[a-z0-9-]+:[A-Za-z0-9]+(\+tags)?$/

/** The first declared operation that is not `<prefix>:<Action>[+tags]`, or the list itself if not an array. */
function invalidOperation(operations: unknown): unknown {
  if (operations === undefined) return undefined
  if (!Array.isArray(operations)) return operations
  return operations.find((operation) => typeof operation !== 'string' || !OPERATION.test(operation))
}

/** ScenarioDefinition's fields: a misspelt one (`operation`, `steps`) would be ignored silently. */
const SCENARIO_FIELDS = ['name', 'description', 'operations', 'run']

/** A filter matches the scenario name or the file's base name (no folder, no extension), exactly or as a glob. */
export function matchesFilter(loaded: LoadedScenario, filter: string): boolean {
  const base = path.basename(loaded.file).replace(/\.[cm]?[jt]s$/, '')
  const candidates = [loaded.scenario.name, base]
  const pattern = globToRegExp(filter.replace(/\*\*?/g, '**'))
  return candidates.some((candidate) => candidate === filter || pattern.test(candidate))
}

/** The scenario files the globs name; none is SCENARIO_INVALID, saying `whereFrom` (how the globs were resolved) if given. */
export function scenarioFilesOf(globs: readonly string[], whereFrom?: string): string[] {
  const files = findScenarioFiles(globs)
  if (files.length === 0)
    throw new HarnessError(
      'SCENARIO_INVALID',
      `No scenario files match ${globs.join(', ')}${whereFrom ? ` (${whereFrom})` : ''}.`,
    )
  return files
}

export async function collectScenarios(
  globs: readonly string[],
  filters: readonly string[],
): Promise<LoadedScenario[]> {
  const files = scenarioFilesOf(globs)
  await preloadSdkClientsOf(files)
  const loaded: LoadedScenario[] = []
  for (const file of files) loaded.push(await loadScenarioFile(file))
  return selectScenarios(loaded, filters)
}

/** Scenario names are unique across files; the --scenario filters pick among them (all when there are none). */
export function selectScenarios(loaded: LoadedScenario[], filters: readonly string[]): LoadedScenario[] {
  const byName = new Map<string, string>()
  for (const { file, scenario } of loaded) {
    const other = byName.get(scenario.name)
    if (other)
      throw new HarnessError(
        'SCENARIO_INVALID',
        `Scenario name "${scenario.name}" is used by both ${other} and ${file}.`,
      )
    byName.set(scenario.name, file)
  }
  if (filters.length === 0) return loaded
  const selected = loaded.filter((entry) => filters.some((filter) => matchesFilter(entry, filter)))
  if (selected.length === 0) {
    throw new HarnessError(
      'USAGE',
      `--scenario ${filters.join(', ')} matches no scenario. A filter matches a scenario name or a file name ` +
        `without folder and extension, exactly or with * wildcards. Available scenarios: ${[...byName.keys()].sort().join(', ')}.`,
    )
  }
  return selected
}
