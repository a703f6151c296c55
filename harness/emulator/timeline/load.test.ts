/** User timeline files: accepted shapes and errors that name the file, entry, id and field. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AWS_HISTORY, withAwsHistory } from './aws-history.js'
import { loadTimelineFile, parseTimelineChanges, TimelineFileError } from './load.js'
import type { TimelineChange } from './types.js'

const valid: TimelineChange = {
  id: 'rehearsal-1',
  title: 'Hypothetical: DeleteLogGroup needs logs:TagResource',
  source: 'what-if',
  operations: ['logs:DeleteLogGroup'],
  effect: { kind: 'require-check', checks: { action: 'logs:TagResource' } },
  where: { regions: ['eu-west-1'] },
  who: { createdAfter: '2025-01-01' },
  from: '2025-06-01T00:00:00Z',
}

const tempDirs: string[] = []
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

function writeTemp(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-'))
  tempDirs.push(dir)
  const path = join(dir, 'timeline.json')
  writeFileSync(path, content)
  return path
}

function problemsOf(input: unknown): string[] {
  try {
    parseTimelineChanges(input)
  } catch (error) {
    if (error instanceof TimelineFileError) return error.problems
    throw error
  }
  throw new Error('expected a TimelineFileError')
}

describe('loadTimelineFile', () => {
  it('accepts an array or {"changes": [...]}', () => {
    expect(loadTimelineFile(writeTemp(JSON.stringify([valid])))).toEqual([valid])
    expect(loadTimelineFile(writeTemp(JSON.stringify({ changes: [valid] })))).toEqual([valid])
  })

  it('names the file for unreadable or non-JSON input', () => {
    const path = writeTemp('{ not json')
    expect(() => loadTimelineFile(path)).toThrow(`Timeline file ${path} is not valid JSON`)
    expect(() => loadTimelineFile('/nonexistent/timeline.json')).toThrow(
      'Cannot read timeline file /nonexistent/timeline.json',
    )
    expect(() => loadTimelineFile(writeTemp('{"entries": []}'))).toThrow('expected a JSON array of changes')
  })

  it('reports every malformed entry with its index, id and field', () => {
    const path = writeTemp(
      JSON.stringify([
        valid,
        { ...valid, id: 'bad-date', from: 'next tuesday' },
        { ...valid, id: 'bad-effect', effect: { kind: 'require-check', checks: 'sqs-tag-on-create' } },
        { ...valid, id: 'bad-operation', operations: ['CreateLogGroup'] },
        { ...valid, id: 'bad-rollout', where: { rollout: [{ region: 'ca-central-1' }] } },
        { title: 'no id' },
      ]),
    )
    let message = ''
    try {
      loadTimelineFile(path)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(`Invalid timeline file ${path}:`)
    expect(message).toContain('entry 1 (id "bad-date"), field "from": must be an ISO 8601 date')
    expect(message).toContain('entry 2 (id "bad-effect"), field "effect.checks"')
    expect(message).toContain(
      'entry 3 (id "bad-operation"), field "operations.0": must look like "<iam prefix>:<Operation>"',
    )
    expect(message).toContain('entry 4 (id "bad-rollout"), field "where"')
    expect(message).toContain('entry 5, field "id"')
  })

  it.each([
    ['unknown field', { ...valid, severity: 'high' }, 'field "(entry)"'],
    ['unknown style', { ...valid, effect: { kind: 'message-style', style: 'shouting' } }, 'field "effect.style"'],
    ['unknown who', { ...valid, who: 'everyone' }, 'field "who"'],
    ['empty operations', { ...valid, operations: [] }, 'field "operations"'],
  ])('rejects %s', (_name, entry, expected) => {
    expect(problemsOf([entry]).join('\n')).toContain(expected)
  })

  it('rejects duplicate ids', () => {
    expect(problemsOf([valid, valid])).toEqual(['entry id "rehearsal-1" is used more than once'])
  })
})

describe('built-in history', () => {
  it('is valid by the same schema, with a source for every entry', () => {
    expect(parseTimelineChanges(structuredClone(AWS_HISTORY))).toEqual(AWS_HISTORY)
    for (const change of AWS_HISTORY) expect(change.source.length).toBeGreaterThan(20)
  })

  it('puts user changes after history; a user change with a history id replaces it', () => {
    const replacement = { ...AWS_HISTORY[1]!, where: 'all' as const }
    const merged = withAwsHistory([valid, replacement])
    expect(merged.map((change) => change.id)).toEqual([
      ...AWS_HISTORY.filter((change) => change.id !== replacement.id).map((change) => change.id),
      valid.id,
      replacement.id,
    ])
  })
})
