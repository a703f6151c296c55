import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../history/types.js'
import { CHROMIUM, hasChromium, launchChromium } from './browser.js'
import { renderDashboard, writeDashboard } from './index.js'
import {
  ECR,
  ECR_DENIED_FROM,
  ECR_REGIONS,
  generateHistory,
  LOGS,
  POLICY_FIX_ON,
  REGIONS_34,
  reportForLatest,
} from './test-histories.js'

/** Functions passed to evaluate run in the page; the Node typings have no DOM, so type its globals here. */
type PageGlobals = {
  document: {
    documentElement: { scrollWidth: number }
    activeElement: { getAttribute(n: string): string | null } | null
  }
  getComputedStyle(e: unknown): { backgroundColor: string; display: string; height: string }
}

/** Once per history: the year's drift report is a diff over 250k results, and two tests draw that year. */
const inputs = new WeakMap<RunRecord[], ReturnType<typeof inputOf>>()
const inputOf = (history: RunRecord[]) => ({ report: reportForLatest(history), current: history.at(-1)!, history })
function inputFor(history: RunRecord[]) {
  if (!inputs.has(history)) inputs.set(history, inputOf(history))
  return inputs.get(history)!
}

describe('renderDashboard (static)', () => {
  const history = generateHistory({ runs: 3, regions: ['us-east-1', 'eu-west-1'] })

  it('is one self-contained page: no external script, style, image, font or link target', () => {
    const html = renderDashboard(inputFor(history))
    expect(html).not.toMatch(/<link|<img|@import|url\(|src=/i)
    expect(html).not.toMatch(/(?:href|src)="(?!#|data:)/i)
  })

  it('escapes hostile AWS messages in the page and in the embedded drill-down data', () => {
    const hostile = structuredClone(history)
    const last = hostile.at(-1)!
    last.results[0]!.outcome = {
      kind: 'denied',
      durationMs: 1,
      errorName: 'AccessDenied',
      message: '</script><img src=x onerror=alert(1)> not authorized',
      denied: { action: 'logs:TagResource' },
    }
    const html = renderDashboard(inputFor(hostile))
    expect(html).not.toContain('<img')
    expect(html.match(/<\/script>/g)).toHaveLength(2)
  })

  it('shows the follow-up’s blast radius of a denied step as "Blast radius", as drift.md does (QA)', () => {
    const withRadius = structuredClone(history)
    const last = withRadius.at(-1)!
    const denied = last.results.find((result) => result.outcome.kind === 'denied')!
    last.blastRadius = [
      {
        scenario: denied.scenario,
        step: denied.step,
        region: denied.region,
        radius: 'new-accounts-only',
        reason: 'allowed in seasoned account 210987654321',
      },
    ]
    const html = renderDashboard(inputFor(withRadius))
    expect(html).toContain(
      '"Blast radius","new accounts only (existing customers unaffected; every new customer breaks) — allowed in seasoned account 210987654321"',
    )
    expect(renderDashboard(inputFor(history))).not.toContain('"Blast radius"')
  })

  it('says what this run’s --verify-fix found for the patch, not "not verified yet" (QA)', () => {
    expect(renderDashboard(inputFor(history))).toContain('Not verified yet: the next run with the fixed policy')
    const tried = structuredClone(history)
    tried.at(-1)!.verifyFix = {
      status: 'verified',
      reason: '2 failing steps allowed under the patched policy in an account fresh for them',
      runId: '2022-12-30T03-30-00Z-f00001',
      accountId: '123456789012',
      regions: ['us-east-1', 'eu-west-1'],
      scenarios: [ECR],
      steps: [],
      otherFailures: [],
    }
    const html = renderDashboard(inputOf(tried))
    expect(html).toContain(
      '--verify-fix tried this patch. Fix verified: 2 failing steps allowed under the patched policy in an account fresh for them (follow-up run 2022-12-30T03-30-00Z-f00001, account 123456789012). The declared policy still lacks it',
    )
    expect(html).not.toContain('Not verified yet')
  })
})

const suite = hasChromium
  ? 'dashboard.html in headless Chromium'
  : `dashboard.html in headless Chromium — SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HARNESS_CHROMIUM)`
if (!hasChromium) console.warn(`dashboard browser tests skipped: no Chromium at ${CHROMIUM}`)

describe.skipIf(!hasChromium)(suite, () => {
  let browser: Browser
  let page: Page
  let dir: string

  // One tab for every dashboard, each loaded as a new document: a new tab costs Chromium about as much CPU
  // again as drawing the year, while navigating the same tab reuses its renderer.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-dashboard-'))
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  })
  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function open(name: string, history: RunRecord[], nights?: number) {
    const path = await writeDashboard(join(dir, name), { ...inputFor(history), ...(nights ? { nights } : {}) })
    for (const event of ['console', 'pageerror', 'request'] as const) page.removeAllListeners(event)
    const problems: string[] = []
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning' ? problems.push(m.text()) : undefined))
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (r) => (r.url().startsWith('file:') ? undefined : problems.push(`external request: ${r.url()}`)))
    await page.goto(pathToFileURL(path).href)
    return { page, problems, path }
  }

  const scrollWidth = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)
  const regionsShown = async (page: Page) => {
    const rows = await page.locator('table.grid > tbody:not([hidden]) > tr:not(.folded) > th').allInnerTexts()
    const folded = (await page.locator('tr.folded td').innerText()).replace(/show their.*$/, '')
    return [...rows.map((text) => text.split('\n')[0]!), ...folded.split(',').map((r) => r.trim())].filter(Boolean)
  }

  it('1 run: a first run with open denials, clean regions folded, every region at 1,400 px', async () => {
    const { page, problems } = await open('one', generateHistory({ runs: 1 }))
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1400)
    expect((await regionsShown(page)).sort()).toEqual([...REGIONS_34].sort())
    expect(await page.locator('tr.folded th').innerText()).toBe('31 regions: first run, every step allowed')
    const rows = await page.locator('table.grid > tbody:first-of-type > tr:not(.folded) > th').allInnerTexts()
    expect(rows.map((r) => r.split('\n')[0]).sort()).toEqual([...ECR_REGIONS].sort())
    const ecrCell = page.locator(`table.grid tbody tr:has(th:text-is("us-east-1")) td`).nth(2)
    expect(await ecrCell.innerText()).toBe('DENIED\nno baseline · fresh')
    await expect(page.locator('#timeline-h').innerText()).resolves.toBe('Timeline: the last 1 run')
    const patch = await page.locator('.patch-summary li').allInnerTexts()
    expect(patch[0]).toMatch(
      /^Amend Sid "EcrCreateTaggedRepository": add ecr:TagResource \(same resource scope\) — fixes 3 denials/,
    )
    expect(problems).toEqual([])
  })

  describe('90 runs: a regression that began on a known night, a policy fix later', () => {
    const history = generateHistory({ runs: 90 })
    let problems: string[]
    beforeAll(async () => {
      ;({ problems } = await open('ninety', history))
    })

    it('Now: open regressions first, each cell in words with cause and freshness, 31 regions folded in one line', async () => {
      expect(await scrollWidth(page)).toBeLessThanOrEqual(1400)
      await expect(page.locator('p.headline').innerText()).resolves.toBe(
        '3 regions need attention; 31 regions: no drift.',
      )
      const rows = await page.locator('table.grid > tbody:first-of-type > tr:not(.folded) > th').allInnerTexts()
      expect(rows.map((r) => r.split('\n')[0])).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1'])
      const cells = await page.locator('table.grid tbody tr:has(th:text-is("eu-west-1")) td').allInnerTexts()
      expect(cells[2]).toBe('STILL DENIED\nAWS · fresh')
      expect(cells[0]).toBe('ok\nfresh')
      expect((await regionsShown(page)).sort()).toEqual([...REGIONS_34].sort())
      const bad = await page
        .locator('td.t-bad')
        .first()
        .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).backgroundColor)
      const ok = await page
        .locator('td.t-good')
        .first()
        .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).backgroundColor)
      expect(bad).not.toBe(ok)
    })

    it('Timeline: the date each streak began, policy and AWS changes on the axis, probes apart from denials', async () => {
      const row = (text: string) => page.locator('.tl-row', { hasText: text })
      await expect(row(`eu-west-1 · ${ECR} / CreateRepository`).locator('.since').innerText()).resolves.toBe(
        `denied since ${ECR_DENIED_FROM}`,
      )
      await expect(row(`af-south-1 · ${LOGS} / CreateLogGroup`).locator('.since').innerText()).resolves.toBe(
        `allowed since ${POLICY_FIX_ON}`,
      )
      const markers = await page.locator('.markers-list li').allInnerTexts()
      expect(markers).toContain(`P ${POLICY_FIX_ON}: declared policy changed: +logs:TagResource`)
      expect(markers.some((m) => m.startsWith(`A ${ECR_DENIED_FROM}: AWS: ECR: CreateRepository with tags`))).toBe(true)
      expect(
        markers.some((m) => m.startsWith('A 2022-11-10: AWS: CloudWatch Logs') && m.includes('ca-central-1')),
      ).toBe(true)
      // The probe night (denied, cleared on a probe) and the inconclusive nights are drawn shorter than denials.
      const height = (selector: string) => page.locator(selector).first().getAttribute('height')
      expect(await height('rect.s-denied')).toBe('18')
      expect(await height('rect.s-probe')).toBe('10')
      expect(await height('rect.s-inconclusive')).toBe('6')
      await expect(page.locator('rect.s-probe title').first().textContent()).resolves.toBe(
        'denied, then allowed on a probe: 2022-12-10 → 2022-12-10 (1 night)',
      )
      await expect(row('me-south-1 · 20 steps').locator('.since').innerText()).resolves.toBe('3 inconclusive nights')
    })

    it('Fix: one patch amending the covering statement, as a diff and a download, with the verified fix', async () => {
      const diff = await page.locator('pre.diff').innerText()
      expect(diff).toMatch(/^\+ +"ecr:TagResource"$/m)
      expect(diff).not.toContain('repository/*"')
      const href = (await page.locator('a.download').getAttribute('href'))!
      expect(href.startsWith('data:application/json;charset=utf-8,')).toBe(true)
      const fixed = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1)))
      const ecr = fixed.Statement.find((s: { Sid: string }) => s.Sid === 'EcrCreateTaggedRepository')
      expect(ecr).toEqual({
        Sid: 'EcrCreateTaggedRepository',
        Effect: 'Allow',
        Action: ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy', 'ecr:TagResource'],
        Resource: 'arn:aws:ecr:*:*:repository/harness-repo-*',
      })
      expect(fixed.Statement).toHaveLength(3)
      await expect(page.locator('a.download').getAttribute('download')).resolves.toBe('fixed-policy.json')
      const verified = await page.locator('ul.verified li').allInnerTexts()
      const fixRun = history.find((r) => r.startedAt.startsWith(POLICY_FIX_ON))!.runId
      expect(verified).toEqual([
        `${LOGS} / CreateLogGroup in af-south-1: denied since 2022-10-26, allowed again on ${POLICY_FIX_ON} (run ${fixRun}) after your policy change — verified by that run.`,
        // Its own since: the regression reached ca-central-1 later (QA: both read "since 2022-10-26").
        `${LOGS} / CreateLogGroup in ca-central-1: denied since 2022-11-10, allowed again on ${POLICY_FIX_ON} (run ${fixRun}) after your policy change — verified by that run.`,
      ])
    })

    it('Drill-down: keyboard to a cell, Enter shows message, parsed denial, probes, account, regions denied and run', async () => {
      const first = page.locator('table.grid button[data-cell]').first()
      await first.focus()
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('ArrowRight')
      const focused = await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('aria-label'),
      )
      expect(focused).toMatch(/^ap-east-1, ecr\/create-tagged-repository \/ CreateRepository: still denied/)
      await page.keyboard.press('Enter')
      const dialog = page.locator('dialog#drill')
      await expect(dialog.isVisible()).resolves.toBe(true)
      const text = await dialog.innerText()
      expect(text).toContain('ap-east-1 · ecr/create-tagged-repository / CreateRepository')
      expect(text).toMatch(/Parsed action\s+ecr:TagResource/)
      expect(text).toMatch(/Parsed resource\s+arn:aws:ecr:ap-east-1:\d{12}:repository\/harness-repo-20221230/)
      expect(text).toMatch(/Probes\s+2 \(after 15 s: denied: ecr:TagResource; after 60 s: denied: ecr:TagResource\)/)
      expect(text).toMatch(/Account\s+\d{12} \(fresh/)
      expect(text).toMatch(
        /Denied in this run\s+ecr:TagResource denied in 3 regions of this run: ap-east-1, eu-west-1, us-east-1/,
      )
      expect(text).toMatch(
        /Prediction vs actual\s+predicted denied \(missing ecr:TagResource\), actual denied — as documented/,
      )
      expect(text).toMatch(new RegExp(`Run\\s+${history.at(-1)!.runId}`))
      expect(text).toContain('is not authorized to perform: ecr:TagResource')
      await page.keyboard.press('Escape')
      await expect(dialog.isVisible()).resolves.toBe(false)
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('data-cell'),
        ),
      ).toBeTruthy()
    })

    it('unfolds the clean regions on request, readable in the dark scheme, printable', async () => {
      await page.locator('#unfold').click()
      expect(await page.locator('#clean-regions tr').count()).toBe(31)
      await page.locator('#unfold').click()
      const light = await page
        .locator('body')
        .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).backgroundColor)
      await page.emulateMedia({ colorScheme: 'dark' })
      const dark = await page
        .locator('body')
        .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).backgroundColor)
      expect(dark).not.toBe(light)
      const darkCell = await page
        .locator('td.t-bad')
        .first()
        .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).backgroundColor)
      expect(darkCell).not.toBe('rgb(255, 235, 233)')
      await page.emulateMedia({ colorScheme: 'light', media: 'print' })
      expect(
        await page
          .locator('nav.jump')
          .evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).display),
      ).toBe('none')
      expect(await page.locator('section.finding').count()).toBe(3)
      await page.emulateMedia({ media: 'screen' })
      expect(problems).toEqual([])
    })
  })

  it('34 regions × 20 steps all with findings: still no horizontal scroll at 1,400 px, every cell in words', async () => {
    const [run] = generateHistory({ runs: 1 })
    const current = structuredClone(run!)
    current.results = current.results.map((r) => ({
      ...r,
      outcome: {
        kind: 'denied',
        durationMs: 1,
        errorName: 'AccessDeniedException',
        message: `User is not authorized to perform: ${r.scenario.split('/')[0]}:${r.step}WithAVeryLongActionName`,
        denied: { action: `${r.scenario.split('/')[0]}:${r.step}WithAVeryLongActionName` },
      },
    }))
    const { page, problems } = await open('all-findings', [current])
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1400)
    expect(await page.locator('tr.folded').count()).toBe(0)
    const labels = await page.locator('table.grid button[data-cell] .label').allInnerTexts()
    expect(labels).toHaveLength(34 * 20)
    expect(new Set(labels)).toEqual(new Set(['DENIED']))
    expect(problems).toEqual([])
  })

  let yearHistory: RunRecord[] | undefined
  const year = () => (yearHistory ??= generateHistory({ runs: 365 }))

  it('365 runs × 34 regions × 20 steps: every region on one 1,400 px screen, 90 nights drawn, a page of a few MB', async () => {
    const history = year()
    expect(history[0]!.results).toHaveLength(34 * 20)
    const { page, problems, path } = await open('year', history)
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1400)
    expect((await regionsShown(page)).sort()).toEqual([...REGIONS_34].sort())
    await expect(page.locator('#timeline-h').innerText()).resolves.toBe(
      'Timeline: the last 90 runs (275 older runs not shown)',
    )
    expect(await page.locator('table.grid > tbody:first-of-type button[data-cell]').count()).toBe(3 * 20)
    expect((await stat(path)).size).toBeLessThan(3 * 1024 * 1024)
    expect(problems).toEqual([])
  })

  it('--nights 365 draws the whole year on the same axis', async () => {
    const { page } = await open('year-all', year(), 365)
    await expect(page.locator('#timeline-h').innerText()).resolves.toBe('Timeline: the last 365 runs')
    expect(await scrollWidth(page)).toBeLessThanOrEqual(1400)
  })
})
