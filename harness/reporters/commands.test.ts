import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../errors.js'
import { makeRun } from '../history/run-fixtures.js'
import { StoredRunError, writeRunRecord } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { compareAndReport, diffCommand, NoRunRecordsError, reportCommand } from './commands.js'
import { baselineRun, currentRun, fixedRun, stillDeniedRun } from './report-fixtures.js'

let dir: string
let out: string[]
let err: string[]
const io = () => ({ stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), color: false })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-cmd-'))
  out = []
  err = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The run with only its steps and region in `region`: another night's run of one region. */
const onlyIn = (run: RunRecord, region: string): RunRecord => ({
  ...run,
  regions: run.regions.filter((r) => r.name === region),
  results: run.results.filter((r) => r.region === region),
})

/** The fixtures' ec2 scenario never ran in me-south-1 (a scenario with no step is an incomplete run, exit 4). */
const withoutMeSouth = (run: RunRecord): RunRecord => ({
  ...run,
  regions: run.regions.filter((r) => r.name !== 'me-south-1'),
  results: run.results.filter((r) => r.region !== 'me-south-1'),
})

describe('diffCommand', () => {
  it('exits 1 and prints the regressions when the newer run regressed', async () => {
    const oldRun = await writeRunRecord(dir, baselineRun)
    const newRun = await writeRunRecord(dir, currentRun)
    expect(await diffCommand({ oldRun, newRun }, io())).toBe(1)
    expect(out.join('')).toContain('✗ ca-central-1: 2 regressions — add ecr:TagResource, logs:TagResource')
  })

  it('exits 0 when nothing regressed (reverse direction is a relaxation)', async () => {
    const oldRun = await writeRunRecord(dir, withoutMeSouth(currentRun))
    const newRun = await writeRunRecord(dir, withoutMeSouth(baselineRun))
    // the reversed pair: "current" started earlier than "baseline"; still a valid explicit comparison
    expect(await diffCommand({ oldRun, newRun }, io())).toBe(0)
    expect(out.join('')).toContain('ca-central-1: 2 relaxations')
    // Allowed, but said: diffs read old → new, and the arguments' order is easy to swap.
    expect(err.join('')).toContain(
      `warning: ${oldRun} started after ${newRun}: harness diff reads <old-run> <new-run>, so this is the change backwards`,
    )
  })

  it('names both files, not --baseline, when the two runs are not comparable', async () => {
    const oldRun = await writeRunRecord(dir, { ...baselineRun, target: 'aws', endpoint: 'aws' })
    const newRun = await writeRunRecord(dir, currentRun)
    const error = await diffCommand({ oldRun, newRun }, io()).catch((e: Error) => e)
    expect((error as Error).message).toBe(
      `${oldRun} ran against target aws (endpoint aws), ${newRun} against target local (endpoint emulator): runs on different targets or endpoints are not comparable.`,
    )
  })

  it('refuses a replay and a run on today’s clock, naming both clocks', async () => {
    const { emulatorDate: _, ...today } = baselineRun
    const oldRun = await writeRunRecord(dir, today)
    const newRun = await writeRunRecord(dir, currentRun)
    const error = await diffCommand({ oldRun, newRun }, io()).catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'USAGE' })
    expect((error as Error).message).toBe(
      `${oldRun} ran on today's clock, ${newRun} on a replay (emulated date ${currentRun.emulatorDate!.slice(0, 10)}): a replay sees AWS as it was on its emulated date, so it is not comparable with a run on today's clock.`,
    )
  })

  it('says so when the two runs share no step (other regions), instead of only "first comparable run"', async () => {
    const oldRun = await writeRunRecord(dir, onlyIn(baselineRun, 'ap-east-1'))
    const newRun = await writeRunRecord(dir, onlyIn(currentRun, 'ca-central-1'))
    await diffCommand({ oldRun, newRun }, io())
    expect(out.join('')).toContain(
      `${baselineRun.runId} has no conclusive step that ${currentRun.runId} also ran (its regions: ap-east-1; the newer run's: ca-central-1)`,
    )
    expect(out.join('')).toContain(
      `No baseline: the one earlier comparable run (${baselineRun.runId}) has no conclusive outcome for this run's steps`,
    )
    expect(out.join('')).not.toContain('first comparable run')
  })

  it('Given a pinned --baseline that shares no step, Then every report says there is no baseline (QA)', async () => {
    const pinned = await writeRunRecord(join(dir, 'elsewhere'), onlyIn(baselineRun, 'ap-east-1'))
    const current = onlyIn(currentRun, 'ca-central-1')
    const { files } = await compareAndReport({ reportsDir: dir, current, baselineFile: pinned }, io())
    const read = (name: string) => readFile(files.find((file) => basename(file) === name)!, 'utf8')
    const reason = `No baseline: the one earlier comparable run (${baselineRun.runId}) has no conclusive outcome`
    expect(out.join('')).toContain(reason)
    expect(await read('drift.md')).toContain(`**${reason}`)
    expect(await read('drift.md')).not.toContain('this is the latest')
    expect(await read('report.html')).toContain(reason)
    expect(await read('report.html')).toContain('<dt>Baseline run (latest of the per-step baselines)</dt><dd>none</dd>')
  })

  it('prints drift JSON or markdown on request', async () => {
    const oldRun = await writeRunRecord(dir, baselineRun)
    const newRun = await writeRunRecord(dir, currentRun)
    await diffCommand({ oldRun, newRun, format: 'json' }, io())
    expect(JSON.parse(out.join('')).summary.regressions).toBe(2)
    out = []
    await diffCommand({ oldRun, newRun, format: 'markdown' }, io())
    expect(out.join('')).toMatch(/^# Permission drift report/)
  })

  it('without --reports-dir, dates a change first seen in the newer run and leaves one the older run had undated (QA)', async () => {
    const json = async (older: RunRecord, newer: RunRecord) => {
      out = []
      const [oldRun, newRun] = [await writeRunRecord(dir, older), await writeRunRecord(dir, newer)]
      await diffCommand({ oldRun, newRun, format: 'json' }, io())
      return JSON.parse(out.join('')) as { changes: Array<{ change: string; since?: string; to?: { kind: string } }> }
    }
    const regressed = await json(baselineRun, currentRun)
    const regressions = regressed.changes.filter((change) => change.change === 'regression')
    expect(regressions.length).toBeGreaterThan(0)
    for (const change of regressions) expect(change.since).toBe(currentRun.startedAt)
    // Denied in both: it began in the older run or before it, which these two runs cannot tell.
    const still = (await json(currentRun, stillDeniedRun)).changes.filter((change) => change.to?.kind === 'denied')
    expect(still.length).toBeGreaterThan(0)
    for (const change of still) expect(change.since).toBeUndefined()
    out = []
    const [oldRun, newRun] = [
      join(dir, 'runs', `${currentRun.runId}.json`),
      join(dir, 'runs', `${stillDeniedRun.runId}.json`),
    ]
    await diffCommand({ oldRun, newRun, format: 'markdown' }, io())
    expect(out.join('')).not.toContain('first seen in this run')
  })

  it('gives the known AWS change in JSON as in markdown (QA: only markdown had it)', async () => {
    const oldRun = await writeRunRecord(dir, baselineRun)
    const newRun = await writeRunRecord(dir, currentRun)
    await diffCommand({ oldRun, newRun, format: 'markdown' }, io())
    expect(out.join('')).toContain('Known AWS change')
    out = []
    await diffCommand({ oldRun, newRun, format: 'json' }, io())
    const changes = (JSON.parse(out.join('')) as { changes: Array<{ knownAwsChange?: unknown }> }).changes
    expect(changes.some((change) => change.knownAwsChange)).toBe(true)
  })

  it('with --reports-dir, gives the same answer from the run files the index holds, and still rejects one edited since', async () => {
    // Given three runs in the reports directory (indexed) and copies of the last two elsewhere
    for (const run of [baselineRun, currentRun]) await writeRunRecord(dir, run)
    const [oldRun, newRun] = [baselineRun, stillDeniedRun].map((run) => join(dir, 'runs', `${run.runId}.json`))
    await writeRunRecord(dir, stillDeniedRun)
    const oldCopy = await writeRunRecord(join(dir, 'copies'), baselineRun)
    const newCopy = await writeRunRecord(join(dir, 'copies'), stillDeniedRun)
    const json = async (a: string, b: string) => {
      out = []
      await diffCommand({ oldRun: a, newRun: b, reportsDir: dir, format: 'json' }, io())
      return { ...JSON.parse(out.join('')), generatedAt: undefined }
    }
    // Then the indexed files (read without validating them again) answer as the copies (validated) do
    expect(await json(oldRun!, newRun!)).toEqual(await json(oldCopy, newCopy))
    // And a file edited after it was indexed is validated again, so a broken one is still an error
    await writeFile(newRun!, '{"schemaVersion": 2}')
    const error = await diffCommand({ oldRun: oldRun!, newRun: newRun!, reportsDir: dir }, io()).catch((e) => e)
    expect(error).toMatchObject({ code: 'STORED_RUN_INVALID' })
    expect(error.message).toContain(`${newRun} is not usable`)
  })

  it('throws StoredRunError naming a bad file', async () => {
    const oldRun = await writeRunRecord(dir, baselineRun)
    const bad = join(dir, 'bad.json')
    await writeFile(bad, '{"schemaVersion": 99}')
    const error = await diffCommand({ oldRun, newRun: bad }, io()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoredRunError)
    expect((error as Error).message).toContain(bad)
  })
})

describe('reportCommand', () => {
  it('regenerates drift.json, drift.md, report.html and junit.xml for the latest run against its baseline', async () => {
    await writeRunRecord(dir, baselineRun)
    await writeRunRecord(dir, currentRun)
    expect(await reportCommand({ reportsDir: dir }, io())).toBe(1)
    for (const file of ['drift.json', 'drift.md', 'report.html', 'junit.xml']) {
      await access(join(dir, file))
      expect(out.join('')).toContain(join(dir, file))
    }
    const drift = JSON.parse(await readFile(join(dir, 'drift.json'), 'utf8'))
    expect(drift).toMatchObject({ baselineRunId: baselineRun.runId, currentRunId: currentRun.runId })
  })

  it('Given an unusable run file in the history, Then report and diff --reports-dir stop (exit 2) naming it, writing nothing (QA)', async () => {
    await writeRunRecord(dir, baselineRun)
    const newer = await writeRunRecord(dir, currentRun)
    await writeFile(join(dir, 'runs', 'corrupt.json'), 'nope')
    // Left out silently, the baseline run it held would make a regression read "never allowed".
    const report = reportCommand({ reportsDir: dir }, io())
    await expect(report).rejects.toMatchObject({ code: 'STORED_RUN_INVALID' })
    await expect(report).rejects.toThrow(
      /1 run file\(s\) in .*runs cannot be used.*\n {2}- Run record .*corrupt\.json is not usable: not JSON/,
    )
    await expect(access(join(dir, 'drift.json'))).rejects.toThrow()
    const older = join(dir, 'runs', `${baselineRun.runId}.json`)
    await expect(diffCommand({ oldRun: older, newRun: newer, reportsDir: dir }, io())).rejects.toMatchObject({
      code: 'STORED_RUN_INVALID',
    })
  })

  it('reports an earlier run by id; it has no earlier baseline, so it is a first run', async () => {
    await writeRunRecord(dir, withoutMeSouth(baselineRun))
    await writeRunRecord(dir, currentRun)
    expect(await reportCommand({ reportsDir: dir, run: baselineRun.runId }, io())).toBe(0)
    expect(await readFile(join(dir, 'drift.md'), 'utf8')).toContain('No baseline: this is the first comparable run')
  })

  it('keeps every report failing while a regression is still denied, and passing once it is allowed again', async () => {
    // Given run 1 allowed, run 2 denied (a regression) and run 3 still denied
    for (const run of [baselineRun, currentRun, stillDeniedRun]) await writeRunRecord(dir, run)
    // When run 3 is reported against run 2, then the exit code and every report say "open regression"
    expect(await reportCommand({ reportsDir: dir }, io())).toBe(1)
    const since = 'still denied since 2023-01-20 09:00:00 UTC'
    const verdict = `2 regressions ${since} — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup)`
    const md = await readFile(join(dir, 'drift.md'), 'utf8')
    expect(md).toContain(`**2 open regression(s)** (0 new since the baseline, 2 ${since}), 0 changed denial(s)`)
    expect(md).toContain(`- **ca-central-1**: ${verdict}`)
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('tests="6" failures="2" errors="0">')
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<strong>2 open regression(s)</strong>')
    const drift = JSON.parse(await readFile(join(dir, 'drift.json'), 'utf8'))
    expect(drift.summary).toMatchObject({ regressions: 0, stillDenied: 2, openRegressions: 2 })
    // Still denied, the steps keep a cause: the last run that allowed them had the same policy, so AWS's change.
    expect(drift.regions[0]).toEqual({
      region: 'ca-central-1',
      status: 'regression',
      verdict: `${verdict} — cause: aws-change`,
    })

    // When run 4 allows both steps again, then it passes and says so
    await writeRunRecord(dir, fixedRun)
    out = []
    const fixed = await compareAndReport({ reportsDir: dir, current: fixedRun }, io())
    expect(fixed.report.summary).toMatchObject({ relaxations: 2, stillDenied: 0, openRegressions: 0 })
    expect(out.join('')).toContain('Drift vs baseline 2023-02-01T09-00-00Z-ccc333: 0 regressions, 2 relaxations')
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('tests="6" failures="0" errors="0">')
  })

  it('Given an empty reports directory, When reporting, Then it says to run `harness run` first (exit 2)', async () => {
    const error = await reportCommand({ reportsDir: dir }, io()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoRunRecordsError)
    expect((error as NoRunRecordsError).message).toBe(
      `no run records in ${join(dir, 'runs')}: run \`harness run\` first (or pass a run file)`,
    )
    expect(EXIT_CODES[(error as NoRunRecordsError).code]).toBe(2)
  })

  it('Given only release checks, When reporting, Then it says where they are and that one is named by its id', async () => {
    const check = {
      ...makeRun('2026-11-03T09-00-00Z-chk001', '2026-11-03T09:00:00.000Z', []),
      releaseCheck: true as const,
    }
    await writeRunRecord(dir, check)
    const error = await reportCommand({ reportsDir: dir }, io()).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      `no run records in ${join(dir, 'runs')}: run \`harness run\` first (or pass a run file); release checks are in ${join(dir, 'checks')}: pass one's run id`,
    )
    expect(await reportCommand({ reportsDir: dir, run: check.runId }, io())).toBe(0)
  })
})

describe('compareAndReport (end of harness run)', () => {
  it('uses --baseline over the reports directory and leaves no credential in any report', async () => {
    const explicit = await writeRunRecord(join(dir, 'elsewhere'), baselineRun)
    await writeRunRecord(dir, currentRun)
    const { report, baseline, files } = await compareAndReport(
      { reportsDir: dir, current: currentRun, baselineFile: explicit },
      io(),
    )
    expect(baseline?.path).toBe(explicit)
    expect(report.summary.regressions).toBe(2)
    expect(files.map((file) => basename(file)).sort()).toEqual([
      'dashboard.html',
      'drift.json',
      'drift.md',
      'junit.xml',
      'report.html',
    ])
    expect(out.join('')).toContain('Drift vs baseline 2022-11-01T09-00-00Z-aaa111: 2 regressions')
    for (const file of files) {
      expect(await readFile(file, 'utf8')).not.toMatch(/ASIA[A-Z0-9]{16}|AKIA[A-Z0-9]{16}/)
    }
  })

  it('Given earlier runs of other regions only, When a region runs first, Then no report calls it the first comparable run', async () => {
    await writeRunRecord(dir, onlyIn(baselineRun, 'ap-east-1'))
    await writeRunRecord(dir, onlyIn(currentRun, 'ap-east-1'))
    const current = onlyIn(stillDeniedRun, 'ca-central-1')
    await writeRunRecord(dir, current)
    const { report, files } = await compareAndReport({ reportsDir: dir, current }, io())
    expect(report.baselineRunId).toBeNull()
    expect(report.earlierRuns).toEqual({ count: 2, latestRunId: currentRun.runId })
    const reason = `none of the 2 earlier comparable runs (latest ${currentRun.runId}) has a conclusive outcome for this run's steps`
    expect(out.join('')).toContain(`No baseline: ${reason}`)
    const read = (name: string) => readFile(files.find((file) => basename(file) === name)!, 'utf8')
    expect(await read('drift.md')).toContain(`**No baseline: ${reason}.**`)
    expect(await read('report.html')).toContain(`No baseline: ${reason.replace("'", '&#39;')}.`)
    const json = JSON.parse(await read('drift.json'))
    expect(json.firstRun).toBe(false)
    expect(json.regions.map((r: { verdict: string }) => r.verdict)).toEqual([
      '2 open denials (never allowed) — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup); 1 new step',
    ])
    for (const file of files) expect(await readFile(file, 'utf8')).not.toContain('first comparable run')
  })

  it('Given no earlier comparable run, Then the report says it is the first, and drift.json says firstRun', async () => {
    const { report, files } = await compareAndReport(
      { reportsDir: dir, current: onlyIn(currentRun, 'ca-central-1') },
      io(),
    )
    expect(report.earlierRuns).toBeUndefined()
    expect(out.join('')).toContain('No baseline: this is the first comparable run')
    const json = JSON.parse(await readFile(files.find((file) => basename(file) === 'drift.json')!, 'utf8'))
    expect(json.firstRun).toBe(true)
  })
})
