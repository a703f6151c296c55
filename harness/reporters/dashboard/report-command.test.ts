/** `harness report --dashboard [--nights n]` through the CLI entry, in-process, on run records written to disk. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureIo } from '../../cli/capture-io.js'
import { main } from '../../cli/main.js'
import { writeRunRecord } from '../../history/run-record.js'
import { generateHistory } from './test-histories.js'

describe('harness report --dashboard', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-report-dashboard-'))
    // Given 12 nightly runs ending after ECR started denying ecr:TagResource in three regions
    for (const run of generateHistory({ runs: 12, regions: ['us-east-1', 'eu-west-1', 'ca-central-1'] }))
      await writeRunRecord(dir, run)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('writes only dashboard.html, with the timeline cut to --nights, and exits with the run verdict', async () => {
    const io = captureIo()
    const code = await main(['report', '--dashboard', '--nights', '5', '--reports-dir', dir], io)
    expect(io.err()).toBe('')
    expect(code).toBe(1)
    // No other report; the history index (a cache of runs/) is kept up to date beside them.
    expect((await readdir(dir)).sort()).toEqual(['dashboard.html', 'history-index.json', 'runs'])
    expect(io.out()).toContain(join(dir, 'dashboard.html'))
    const html = await readFile(join(dir, 'dashboard.html'), 'utf8')
    expect(html).toContain('Timeline: the last 5 runs (7 older runs not shown)')
    expect(html).toContain('2 regions need attention; 1 region: no drift.')
  })

  it.each([['0'], ['3651'], ['ten'], ['1.5']])('refuses --nights %s with exit 2, naming the flag', async (value) => {
    const io = captureIo()
    expect(await main(['report', '--dashboard', '--nights', value, '--reports-dir', dir], io)).toBe(2)
    expect(io.err()).toBe(`harness: --nights must be a whole number from 1 to 3650, got "${value}".\n`)
  })

  it('refuses an empty --nights like every other empty flag', async () => {
    const io = captureIo()
    expect(await main(['report', '--dashboard', '--nights', '', '--reports-dir', dir], io)).toBe(2)
    expect(io.err()).toBe('harness: --nights needs a value, got an empty one. See --help.\n')
  })

  it('documents both flags in --help', async () => {
    const io = captureIo()
    expect(await main(['report', '--help'], io)).toBe(0)
    expect(io.out()).toMatch(/--dashboard +write only <reports>\/dashboard\.html/)
    expect(io.out()).toMatch(/--nights <n> +how many runs the dashboard's timeline shows, 1-3650 \(default 90\)/)
  })
})
