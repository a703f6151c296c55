/**
 * The two inputs of `harness issue`, checked: drift.json (as `harness run` / `harness merge` wrote it)
 * and the current tracking issue as `gh issue list --json number,state,body` prints it (an array, or one
 * object; an empty array or no file means there is no issue yet).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { HarnessError } from '../errors.js'
import type { DriftReport } from '../history/types.js'
import { type CurrentIssue, MARKER_PREFIX } from './drift-issue.js'

const driftSchema = z.looseObject({
  currentRunId: z.string(),
  baselineRunId: z.string().nullable(),
  changes: z.array(z.looseObject({ region: z.string(), scenario: z.string(), step: z.string(), change: z.string() })),
  summary: z.looseObject({}),
})

const ghIssue = z.looseObject({
  number: z.number().int().positive(),
  state: z.string().transform((state) => state.toLowerCase()),
  body: z.string().default(''),
})

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new HarnessError(
      'USAGE',
      `${what} ${file}: ${error.code === 'ENOENT' ? 'file not found' : `cannot read it (${error.code})`}.`,
    )
  })
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new HarnessError('USAGE', `${what} ${file} is not JSON: ${(error as Error).message}.`)
  }
}

export async function readDriftReport(file: string): Promise<DriftReport> {
  const parsed = driftSchema.safeParse(await readJson(file, 'drift report'))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new HarnessError(
      'USAGE',
      `drift report ${file} is not a drift.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message}.`,
    )
  }
  return parsed.data as unknown as DriftReport
}

/** Only an issue carrying harness's marker counts: a same-titled issue written by hand is left alone. */
export async function readCurrentIssue(file: string | undefined): Promise<CurrentIssue | undefined> {
  if (file === undefined) return undefined
  const data = await readJson(file, '--current')
  const list = z.array(ghIssue).safeParse(Array.isArray(data) ? data : [data])
  if (!list.success) {
    const issue = list.error.issues[0]
    throw new HarnessError(
      'USAGE',
      `--current ${file} is not gh issue JSON (gh issue list --json number,state,body): ${issue?.path.join('.')}: ${issue?.message}.`,
    )
  }
  const ours = list.data.filter((issue) => issue.body.includes(MARKER_PREFIX))
  // The open one if any, else the most recent (highest number) closed one, to reopen.
  const pick = ours.find((issue) => issue.state === 'open') ?? ours.sort((a, b) => b.number - a.number)[0]
  if (!pick) return undefined
  return { number: pick.number, state: pick.state === 'open' ? 'open' : 'closed', body: pick.body }
}
