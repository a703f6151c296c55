/**
 * `npm run season [-- options]`: a year of nightlies, printed always and written into
 * harness/bench/SEASON.md with --write (each model keeps its own section there), like the bench.
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ALL_COMMERCIAL_REGIONS, parseRegionList } from '../config/regions.js'
import { collectScenarios } from '../runtime/collect.js'
import { simulateSeasonOnEmulator } from './emulator-season.js'
import { simulateSeason } from './simulate.js'
import { emulatorSeasonTable, seasonTable } from './table.js'

const HELP = `Usage: npm run season -- [--model planner|emulator] [--nights N] [--seed S] [--fresh-every N]
                          [--region <r>]… [--strategy pool|per-run] [--write] [--out <file>]

Simulates a season of nightlies on the default quotas (10 accounts, closed accounts held 90 nights,
the close quota) with a seeded timeline of AWS changes (fresh-accounts-only and all-accounts, rolled
out region by region), faults and SIGKILLed nights, and prints the figures against the targets.

  --model planner    (default) planRun plans every night; accounts and changes are modeled in process (seconds)
  --model emulator   every night runs the real harness run against one long-lived emulator that holds the
                     changes as timeline entries and decides every denial (seconds a night; see SEASON.md)
  --nights N         nights to simulate (default 365)
  --seed S           seed of the generated changes, faults and kills (default 1)
  --fresh-every N    test each (scenario, region) fresh at least every N nights (default 20: what the default quota keeps with slack for lost nights)
  --region <r>       regions; repeatable, comma-separated or "all" (default all commercial regions)
  --strategy s       emulator model: accounts.strategy of the nightly config (default pool)
  --write            write the table into harness/bench/SEASON.md (or --out), in this model's section
  -h, --help`

const fail = (message: string): never => {
  process.stderr.write(`season: ${message}\n`)
  process.exit(2)
}
const { values } = (() => {
  try {
    return parseArgs({
      options: {
        model: { type: 'string', default: 'planner' },
        nights: { type: 'string', default: '365' },
        seed: { type: 'string', default: '1' },
        'fresh-every': { type: 'string', default: '20' },
        region: { type: 'string', multiple: true },
        strategy: { type: 'string', default: 'pool' },
        write: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    // An unknown or malformed option: one line naming it, exit 2 (no stack trace).
    return fail((error as Error).message)
  }
})()
if (values.help) {
  process.stdout.write(`${HELP}\n`)
  process.exit(0)
}
const whole = (name: string, value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number, got "${value}"`)
  return n
}
if (values.model !== 'planner' && values.model !== 'emulator')
  fail(`--model must be planner or emulator, got "${values.model}"`)
if (values.strategy !== 'pool' && values.strategy !== 'per-run')
  fail(`--strategy must be pool or per-run, got "${values.strategy}"`)
const parsedRegions = parseRegionList(values.region ?? ['all'], '--region')
if (!parsedRegions.value) fail(parsedRegions.errors.map((e) => `${e.source}: ${e.message}`).join('; '))
const regions = parsedRegions.value!
const seed = whole('seed', values.seed)
const nights = whole('nights', values.nights)
const freshEvery = whole('fresh-every', values['fresh-every'])

const root = path.resolve(import.meta.dirname, '../..')
const scenarioFiles = path.join(root, 'scenarios/*.ts')
const loaded = await collectScenarios([scenarioFiles], [])
const scenarios = loaded.map(({ scenario }) => ({ name: scenario.name, operations: scenario.operations }))
const started = Date.now()
let section: string
if (values.model === 'planner') {
  const table = seasonTable(simulateSeason({ seed, nights, regions, freshEvery, scenarios }))
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  section = `## Planner model (\`npm run season -- --write\`)\n\nGenerated in ${seconds} s. planRun plans every night; accounts, quota (10, closed accounts held 90 nights, close quota) and the generated changes are modeled in process, so false regressions and leftover resources are not measured by this model.\n\n${table}`
} else {
  const result = await simulateSeasonOnEmulator({
    seed,
    nights,
    regions,
    scenarios,
    scenarioFiles,
    policyFile: path.join(root, 'scenarios/minimal-policy.json'),
    freshEvery,
    strategy: values.strategy as 'pool' | 'per-run',
    say: (line) => process.stderr.write(`${line}\n`),
  })
  const table = emulatorSeasonTable(result, {
    seed,
    nights,
    regions: regions.length,
    scenarios: scenarios.length,
    freshEvery,
    strategy: values.strategy!,
  })
  const flags = `--model emulator --nights ${nights} --region ${regions.length === ALL_COMMERCIAL_REGIONS.length ? 'all' : regions.join(',')} --strategy ${values.strategy}`
  section = `## Emulator model (\`npm run season -- ${flags} --write\`)\n\nEvery night runs the real \`harness run\` (in process; a SIGKILLed night as its own process) against one long-lived emulator with accelerated durations, the default quotas, seeded faults and the generated changes as timeline entries: the emulator decides every denial. Figures come from Organizations ListAccounts, /_emulator/resources and the runs' records and drift.json.\n\n${table}`
}
process.stdout.write(`${section}\n`)
if (values.write || values.out) {
  const out = values.out ?? path.join(root, 'harness/bench/SEASON.md')
  await writeFile(out, await withSection(out, values.model, section), 'utf8')
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), out)}\n`)
}

/** The file with this model's section (between its markers) replaced or appended. */
async function withSection(file: string, model: string, body: string): Promise<string> {
  const begin = `<!-- season:${model} -->`
  const end = `<!-- /season:${model} -->`
  const text = existsSync(file) ? await readFile(file, 'utf8') : '# Season: simulated nightlies\n'
  const block = `${begin}\n${body}\n${end}`
  const at = text.indexOf(begin)
  const until = text.indexOf(end)
  if (at >= 0 && until > at) return `${text.slice(0, at)}${block}${text.slice(until + end.length)}`
  return `${text.trimEnd()}\n\n${block}\n`
}
