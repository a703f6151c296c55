/**
 * `harness minimize`: the run's flags (regions, scenarios, policy, emulator knobs) plus --out and --json →
 * minimize/ against the embedded emulator or, with --target aws, real AWS; each probe in a brand-new account.
 * Everything checkable (and, on AWS, the organization's room for the probes' accounts) is checked before the
 * first account is created.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '../config/load.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { HarnessError } from '../errors.js'
import { collectScenarios } from '../runtime/collect.js'
import { readDeclaredPolicy } from '../runtime/policy-file.js'
import { ensureReportsDir } from '../runtime/reports-dir.js'
import { MINIMIZE_HELP } from './help.js'
import type { CliIo } from './io.js'
import { EMULATOR_FLAGS, onlyApply, parseRunArgs } from './run-args.js'

/** Probes vend one account each; the emulated organization's quota is raised as AWS raises it on request. */
const PROBE_ACCOUNT_QUOTA = 500
/** Unless --time-scale says otherwise: simulated waits shortened, none removed. */
const DEFAULT_TIME_SCALE = 0.001

/** Run flags about run records and history, which minimize never writes. */
const NOT_FOR_MINIMIZE = [
  ['baseline', '--baseline'],
  ['reportsDir', '--reports-dir'],
  ['afterRun', '--keep-account/--close-account'],
  ['history', '--history'],
] as const

export async function minimizeCommand(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { out, json, rest } = takeOwnFlags(args)
  // Before parseRunArgs, which would ask for the other half of the pair (--shard needs --shard-group).
  const shardFlags = rest.filter((arg) => /^--shard(-group)?(=|$)/.test(arg)).map((arg) => arg.split('=')[0])
  if (shardFlags.length > 0)
    throw new HarnessError(
      'USAGE',
      `harness minimize does not take ${[...new Set(shardFlags)].join(', ')} (it runs no night).`,
    )
  const parsed = parseRunArgs(rest)
  if (parsed.help) {
    io.stdout.write(`${MINIMIZE_HELP}\n`)
    return 0
  }
  const notHere = [
    ...NOT_FOR_MINIMIZE.filter(([key]) => parsed.overrides[key] !== undefined).map(([, flag]) => flag),
    ...(parsed.push === true ? ['--push'] : parsed.push === false ? ['--no-push'] : []),
  ]
  if (notHere.length > 0)
    throw new HarnessError(
      'USAGE',
      `harness minimize does not take ${notHere.join(', ')} (it writes no run records and keeps no history).`,
    )
  const overrides = { timeScale: DEFAULT_TIME_SCALE, ...parsed.overrides }
  const config = await loadConfig({
    cwd: io.cwd,
    env: io.env,
    configFile: parsed.configFile,
    flags: overrides,
    vends: true,
  })
  if (config.target === 'aws') {
    const given = Object.entries(EMULATOR_FLAGS).filter(
      ([key]) => parsed.overrides[key as keyof typeof EMULATOR_FLAGS] !== undefined,
    )
    if (given.length > 0)
      throw new HarnessError(
        'USAGE',
        `${onlyApply(given.map(([, flag]) => flag))} to the embedded emulator, not to --target aws.`,
      )
    return minimizeOnAws(config, { out, json }, io, signal)
  }
  const declared = await readDeclaredPolicy(config.policyFile)
  const scenarios = await collectScenarios(config.scenarioGlobs, config.scenarioFilters)
  const outFile = out ? path.resolve(io.cwd, out) : undefined
  const [{ startLocalEmulator }, { createProbe }, { minimizePolicy }, { readPolicyDocument }, { renderMinimizeText }] =
    await Promise.all([
      import('../runtime/local-emulator.js'),
      import('../minimize/probe.js'),
      import('../minimize/minimize.js'),
      import('../minimize/policy-document.js'),
      import('../minimize/render.js'),
    ])
  // Probe accounts are the emulator's, not the user's: their ledger goes to a scratch directory.
  const scratch = await mkdtemp(path.join(tmpdir(), 'harness-minimize-'))
  const emulator = await startLocalEmulator(config)
  try {
    await raiseAccountQuota(emulator.endpoint, emulator.controlToken)
    const { probe } = createProbe({
      config: {
        ...config,
        reportsDir: scratch,
        accounts: { ...config.accounts, afterRun: 'close', strategy: 'per-run' },
      },
      scenarios,
      emulator,
      signal,
    })
    const result = await minimizePolicy({
      input: readPolicyDocument(declared.json),
      source: config.policyFile,
      probe,
      onProgress: (text) => io.stderr.write(`minimize: ${text}\n`),
    })
    if (outFile) await writeFile(outFile, `${JSON.stringify(result.policy, null, 2)}\n`)
    io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : renderMinimizeText(result, config.policyFile))
    return 0
  } finally {
    await emulator.stop()
    await rm(scratch, { recursive: true, force: true })
  }
}

/**
 * On real AWS every probe vends (and closes) a real account, recorded in the reports directory's ledger and
 * journal like a run's, so `harness sweep` finds what a killed probe left.
 */
async function minimizeOnAws(
  config: ResolvedConfig,
  flags: { out?: string; json: boolean },
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const declared = await readDeclaredPolicy(config.policyFile)
  const scenarios = await collectScenarios(config.scenarioGlobs, config.scenarioFilters)
  const outFile = flags.out ? path.resolve(io.cwd, flags.out) : undefined
  await ensureReportsDir(config.reportsDir)
  const [
    { assertProbeBudget, probeQuotaStop },
    { createProbe },
    { minimizePolicy },
    { readPolicyDocument },
    { renderMinimizeText },
  ] = await Promise.all([
    import('../minimize/aws-budget.js'),
    import('../minimize/probe.js'),
    import('../minimize/minimize.js'),
    import('../minimize/policy-document.js'),
    import('../minimize/render.js'),
  ])
  await assertProbeBudget(config)
  const { probe, count } = createProbe({
    // Probes need their steps' outcomes only: no CloudTrail wait (5 minutes each on AWS).
    config: {
      ...config,
      accounts: { ...config.accounts, afterRun: 'close', strategy: 'per-run' },
      cloudTrailCapture: { enabled: false },
    },
    scenarios,
    signal,
    onProbe: (n) => io.stderr.write(`minimize: probe ${n}: vending a brand-new account…\n`),
  })
  try {
    const result = await minimizePolicy({
      input: readPolicyDocument(declared.json),
      source: config.policyFile,
      probe,
      checks: 'calls',
      onProgress: (text) => io.stderr.write(`minimize: ${text}\n`),
    })
    if (outFile) await writeFile(outFile, `${JSON.stringify(result.policy, null, 2)}\n`)
    io.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderMinimizeText(result, config.policyFile))
    return 0
  } catch (error) {
    throw probeQuotaStop(error, count())
  }
}

function takeOwnFlags(args: string[]): { out?: string; json: boolean; rest: string[] } {
  const rest: string[] = []
  let out: string | undefined
  let json = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--json') json = true
    else if (arg === '--out' || arg.startsWith('--out=')) {
      out = arg === '--out' ? args[++i] : arg.slice('--out='.length)
      if (!out || out.startsWith('-'))
        throw new HarnessError('USAGE', '--out needs a file name. See harness minimize --help.')
    } else rest.push(arg)
  }
  return { out, json, rest }
}

async function raiseAccountQuota(endpoint: string, controlToken = ''): Promise<void> {
  const response = await fetch(`${endpoint}/_emulator/config`, {
    method: 'POST',
    // The control API takes mutations only with the emulator's token (emulator/control/access.ts).
    headers: { 'content-type': 'application/json', authorization: `Bearer ${controlToken}` },
    body: JSON.stringify({ maxAccounts: PROBE_ACCOUNT_QUOTA }),
  })
  if (!response.ok)
    throw new HarnessError('EMULATOR_FAILED', `The emulator refused the account quota: ${await response.text()}`)
}
