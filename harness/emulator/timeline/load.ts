/**
 * Reading user timeline files (`--timeline <file>`): a JSON array of changes or `{ "changes": [...] }`.
 * Every problem is reported at once, naming the file, the entry (index and id) and the field.
 */
import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { HarnessError } from '../../errors.js'
import { timelineChangeSchema, timelineFileSchema } from './schema.js'
import type { TimelineChange } from './types.js'

/** A HarnessError, so the CLI maps it to exit 2 like any other bad input; `problems` lists every issue. */
export class TimelineFileError extends HarnessError {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super('TIMELINE_INVALID', message)
    this.name = 'TimelineFileError'
  }
}

/** Reads and validates a user timeline file; returns the user's changes (history is added by the emulator). */
export function loadTimelineFile(path: string): TimelineChange[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new TimelineFileError(`Cannot read timeline file ${path}: ${(error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new TimelineFileError(`Timeline file ${path} is not valid JSON: ${(error as Error).message}`)
  }
  return parseTimelineChanges(json, `timeline file ${path}`)
}

/** Validates already-parsed JSON (file content or a control API body). */
export function parseTimelineChanges(input: unknown, sourceName = 'timeline'): TimelineChange[] {
  const file = timelineFileSchema.safeParse(input)
  if (!file.success) {
    throw new TimelineFileError(
      `Invalid ${sourceName}: expected a JSON array of changes or an object {"changes": [...]}`,
    )
  }
  const entries = Array.isArray(file.data) ? file.data : file.data.changes
  const changes: TimelineChange[] = []
  const problems: string[] = []
  entries.forEach((entry, index) => {
    const result = timelineChangeSchema.safeParse(entry)
    if (result.success) changes.push(result.data)
    else problems.push(...describeIssues(entry, index, result.error.issues))
  })
  problems.push(...duplicateIds(changes))
  if (problems.length > 0) {
    throw new TimelineFileError(`Invalid ${sourceName}:\n  ${problems.join('\n  ')}`, problems)
  }
  return changes
}

function describeIssues(entry: unknown, index: number, issues: z.core.$ZodIssue[]): string[] {
  const id = isRecord(entry) && typeof entry['id'] === 'string' ? ` (id "${entry['id']}")` : ''
  return issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(entry)'
    return `entry ${index}${id}, field "${field}": ${issue.message}`
  })
}

function duplicateIds(changes: TimelineChange[]): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  for (const change of changes) {
    if (seen.has(change.id)) problems.push(`entry id "${change.id}" is used more than once`)
    seen.add(change.id)
  }
  return problems
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
