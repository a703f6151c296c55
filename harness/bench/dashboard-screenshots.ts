/**
 * `npm run screenshots`: PNGs of the dashboard on the three generated histories the tests use (1 run; 90 runs
 * with a regression on a known night and a policy fix; 365 runs × 34 regions × 20 steps), plus the 90-run page
 * in the dark scheme, at 1,400 × 1,000, into docs/screenshots/ for reviewers and the README.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { hasChromium, launchChromium } from '../reporters/dashboard/browser.js'
import { writeDashboard } from '../reporters/dashboard/index.js'
import { generateHistory, reportForLatest } from '../reporters/dashboard/test-histories.js'

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

const SHOTS: Array<{ name: string; runs: number; scheme: 'light' | 'dark'; scrollTo?: string }> = [
  { name: 'dashboard-1-run', runs: 1, scheme: 'light' },
  { name: 'dashboard-90-runs', runs: 90, scheme: 'light' },
  { name: 'dashboard-90-runs-timeline-fix', runs: 90, scheme: 'light', scrollTo: '#timeline' },
  { name: 'dashboard-365-runs-dark', runs: 365, scheme: 'dark' },
]

if (!hasChromium) {
  process.stderr.write('screenshots need Chromium at /usr/bin/chromium (apt-get install -y chromium)\n')
  process.exit(2)
}
await mkdir(OUT, { recursive: true })
const dir = await mkdtemp(join(os.tmpdir(), 'harness-screenshots-'))
const browser = await launchChromium()
try {
  for (const shot of SHOTS) {
    const history = generateHistory({ runs: shot.runs })
    const path = await writeDashboard(join(dir, shot.name), {
      report: reportForLatest(history),
      current: history.at(-1)!,
      history,
    })
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: shot.scheme })
    await page.goto(pathToFileURL(path).href)
    if (shot.scrollTo)
      await page.locator(shot.scrollTo).evaluate((e) => (e as { scrollIntoView(): void }).scrollIntoView())
    const file = join(OUT, `${shot.name}.png`)
    await page.screenshot({ path: file })
    await page.close()
    process.stdout.write(`${file} (${Math.round((await stat(file)).size / 1024)} KB)\n`)
  }
} finally {
  await browser.close()
  await rm(dir, { recursive: true, force: true })
}
