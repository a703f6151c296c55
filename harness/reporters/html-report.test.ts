import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, hasChromium, launchChromium } from './dashboard/browser.js'
import { renderHtmlReport, writeHtmlReport } from './html-report.js'
import {
  baselineRun,
  currentRun,
  firstRunReport,
  regressionReport,
  stillDeniedReport,
  stillDeniedRun,
} from './report-fixtures.js'

/** Runs in the page; the Node typings have no DOM, so reach getComputedStyle through globalThis. */
const backgroundOf = (element: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element)
    .backgroundColor

if (!hasChromium) {
  console.warn(`report.html browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`)
}

describe('renderHtmlReport (static)', () => {
  const html = renderHtmlReport(regressionReport, currentRun, baselineRun)

  it('is self-contained: no scripts, no external assets', () => {
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i)
  })

  it('escapes text from AWS messages', () => {
    const hostile = structuredClone(currentRun)
    const outcome = hostile.results[1]!.outcome as { message: string }
    outcome.message = '<img src=x onerror=alert(1)> not authorized'
    expect(renderHtmlReport(regressionReport, hostile, baselineRun)).not.toContain('<img')
  })
})

const browserSuite = hasChromium
  ? 'report.html in headless Chromium'
  : `report.html in headless Chromium — SKIPPED: no Chromium at ${CHROMIUM} (install: apt-get install -y chromium, or set HARNESS_CHROMIUM)`

describe.skipIf(!hasChromium)(browserSuite, () => {
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-html-'))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function open(path: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`external request: ${request.url()}`)
    })
    await page.goto(pathToFileURL(path).href)
    return { page, problems }
  }

  it('shows the regression cells in words, the fix statements, and no console errors', async () => {
    const path = await writeHtmlReport(join(dir, 'reports'), regressionReport, currentRun, baselineRun)
    const { page, problems } = await open(path)

    const header = await page.locator('table.matrix thead th').allInnerTexts()
    expect(header).toEqual(['Scenario / step', 'ca-central-1', 'me-south-1', 'ap-east-1'])

    const row = page.locator('table.matrix tbody tr', { hasText: 'ecr/create-tagged-repository / CreateRepository' })
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[0]).toBe('REGRESSION\nallowed → denied: ecr:TagResource')
    expect(cells[1]).toBe(
      'inconclusive\nallowed → region-not-ready: UnrecognizedClientException: UnrecognizedClientException happened',
    )
    expect(cells[2]).toBe('unchanged\nallowed → allowed')

    const regressionBg = await row.locator('td').first().evaluate(backgroundOf)
    const okBg = await row.locator('td').nth(2).evaluate(backgroundOf)
    expect(regressionBg).not.toBe(okBg)

    const cards = page.locator('section.card')
    expect(await cards.count()).toBe(2)
    const fixes = await page.locator('pre.fix').allInnerTexts()
    expect(fixes.map((text) => JSON.parse(text).Action)).toEqual([['ecr:TagResource'], ['logs:TagResource']])

    const verdicts = await page.locator('ul.verdicts li').allInnerTexts()
    expect(verdicts[0]).toBe(
      'ca-central-1: 2 regressions — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup) — cause: aws-change',
    )

    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  })

  it('shows a regression still denied on the next run as an open regression, not as unchanged', async () => {
    const path = await writeHtmlReport(join(dir, 'still'), stillDeniedReport, stillDeniedRun, currentRun)
    const { page, problems } = await open(path)

    await expect(page.locator('p.summary').innerText()).resolves.toMatch(
      /^2 open regression\(s\) \(0 new since the baseline, 2 still denied since 2023-01-20 09:00:00 UTC\)/,
    )
    const row = page.locator('table.matrix tbody tr', { hasText: 'ecr/create-tagged-repository / CreateRepository' })
    const cells = row.locator('td')
    expect(await cells.first().innerText()).toBe('STILL DENIED\ndenied: ecr:TagResource → denied: ecr:TagResource')
    const stillBg = await cells.first().evaluate(backgroundOf)
    const okBg = await cells.nth(1).evaluate(backgroundOf)
    expect(stillBg).not.toBe(okBg)

    const first = page.locator('ul.verdicts li').first()
    expect(await first.innerText()).toBe(
      'ca-central-1: 2 regressions still denied since 2023-01-20 09:00:00 UTC — add ecr:TagResource, logs:TagResource (or logs:TagLogGroup)',
    )
    expect(await first.getAttribute('class')).toBe('v-regression')
    expect(await page.locator('section.card').count()).toBe(2)
    const fixes = await page.locator('pre.fix').allInnerTexts()
    expect(fixes.map((text) => JSON.parse(text).Action)).toEqual([['ecr:TagResource'], ['logs:TagResource']])
    await page.screenshot({ path: join(dir, 'still-denied.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  })

  it('says "no baseline" on a first run', async () => {
    const path = await writeHtmlReport(join(dir, 'first'), firstRunReport, baselineRun, null)
    const { page, problems } = await open(path)
    await expect(page.locator('p.summary').textContent()).resolves.toContain(
      'No baseline: this is the first comparable run.',
    )
    expect(await page.locator('section.card').count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })
})
