/**
 * `npm run bench:dashboard`: how fast a year of history (365 nightly runs × 34 regions × 20 steps) becomes
 * dashboard.html, how big the page is, and how long headless Chromium takes to load and lay it out (target:
 * under 2 s). Writes harness/bench/DASHBOARD-RESULTS.md; kept apart from run.ts, which another change reworks.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { hasChromium, launchChromium } from '../reporters/dashboard/browser.js'
import { writeDashboard } from '../reporters/dashboard/index.js'
import { generateHistory, reportForLatest } from '../reporters/dashboard/test-histories.js'

const RESULTS_FILE = fileURLToPath(new URL('./DASHBOARD-RESULTS.md', import.meta.url))
const TRIES = 5

interface PageTiming {
  nights: number
  bytes: number
  renderMs: number
  loadMs: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function measure(): Promise<{ generateMs: number; diffMs: number; pages: PageTiming[] }> {
  let started = performance.now()
  const history = generateHistory({ runs: 365 })
  const generateMs = performance.now() - started
  started = performance.now()
  const report = reportForLatest(history)
  const diffMs = performance.now() - started
  const dir = await mkdtemp(join(os.tmpdir(), 'harness-bench-dashboard-'))
  const browser = await launchChromium()
  const pages: PageTiming[] = []
  try {
    for (const nights of [90, 365]) {
      const renders: number[] = []
      let path = ''
      for (let i = 0; i < TRIES; i++) {
        const t = performance.now()
        path = await writeDashboard(join(dir, String(nights)), { report, current: history.at(-1)!, history, nights })
        renders.push(performance.now() - t)
      }
      const loads: number[] = []
      for (let i = 0; i < TRIES; i++) loads.push(await loadTime(browser, path))
      pages.push({ nights, bytes: (await stat(path)).size, renderMs: median(renders), loadMs: median(loads) })
    }
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
  return { generateMs, diffMs, pages }
}

/** Navigation start → load event, then one forced layout and a frame, as the page's own clock measures it. */
async function loadTime(browser: Awaited<ReturnType<typeof launchChromium>>, path: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' })
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const w = globalThis as unknown as {
          document: { body: { offsetHeight: number } }
          requestAnimationFrame(f: () => void): void
          performance: { now(): number }
        }
        void w.document.body.offsetHeight
        w.requestAnimationFrame(() => resolve(w.performance.now()))
      }),
  )
  await page.close()
  return ms
}

function render(result: Awaited<ReturnType<typeof measure>>): string {
  const rows = result.pages.map(
    (p) =>
      `| 365 runs × 34 regions × 20 steps, timeline of ${p.nights} runs | ${(p.bytes / 1024 / 1024).toFixed(2)} MB | ${Math.round(p.renderMs)} ms | ${Math.round(p.loadMs)} ms | ${p.loadMs < 2000 ? 'met' : 'NOT met'} (< 2 s) |`,
  )
  return [
    '# Dashboard benchmark',
    '',
    `Written by \`npm run bench:dashboard\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version},`,
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]?.toFixed(1)}; Debian chromium, headless.`,
    `Generating the year of run records took ${Math.round(result.generateMs)} ms and the drift diff ${Math.round(result.diffMs)} ms (not part of the page).`,
    `Medians of ${TRIES}. "render" is model + HTML + redaction + atomic write in Node; "load in Chromium" is navigation`,
    'start to the first frame after load and a forced layout, measured by the page itself at 1,400 × 1,000.',
    '',
    '| history | page size | render (Node) | load in Chromium | target |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
}

if (!hasChromium) {
  process.stderr.write('bench:dashboard needs Chromium at /usr/bin/chromium (apt-get install -y chromium)\n')
  process.exit(2)
}
const markdown = render(await measure())
process.stdout.write(markdown)
await writeFile(RESULTS_FILE, markdown)
process.stdout.write(`\nwritten to ${RESULTS_FILE}\n`)
