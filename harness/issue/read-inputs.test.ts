/** `--current` as gh prints it: only issues with harness's marker count; bad input names the file. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCurrentIssue, readDriftReport } from './read-inputs.js'

let dir: string
const file = async (name: string, content: string) => {
  await writeFile(join(dir, name), content)
  return join(dir, name)
}
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-issue-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readCurrentIssue', () => {
  it('Given gh JSON with a hand-written issue and two of ours, Then the open one of ours', async () => {
    const issues = [
      { number: 3, state: 'OPEN', body: 'a human wrote this, same title' },
      { number: 5, state: 'CLOSED', body: '<!-- harness-drift-issue fingerprint=aa run=r1 -->' },
      { number: 9, state: 'OPEN', body: '<!-- harness-drift-issue fingerprint=bb run=r2 -->' },
    ]
    expect(await readCurrentIssue(await file('gh.json', JSON.stringify(issues)))).toMatchObject({
      number: 9,
      state: 'open',
    })
  })

  it('Given [] or no file, Then no issue', async () => {
    expect(await readCurrentIssue(await file('empty.json', '[]'))).toBeUndefined()
    expect(await readCurrentIssue(undefined)).toBeUndefined()
  })

  it.each([
    ['not-json.json', '{', /--current .*not-json.json is not JSON/],
    ['wrong.json', '[{"title": "x"}]', /is not gh issue JSON .*number/],
  ])('Given %s, Then a usage error naming it', async (name, content, message) => {
    await expect(readCurrentIssue(await file(name, content))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(message),
    })
  })
})

describe('readDriftReport', () => {
  it('Given a run record instead of drift.json, Then it says so', async () => {
    const path = await file('run.json', JSON.stringify({ runId: 'x', results: [] }))
    await expect(readDriftReport(path)).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/is not a drift.json: currentRunId/),
    })
  })
})
