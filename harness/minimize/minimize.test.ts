/**
 * `harness minimize` end to end, in-process, on the embedded emulator (every probe a fresh account): from a
 * wildcard policy (logs:*, ecr:*, ec2:* on *) it must find a policy at least as tight as the shipped
 * scenarios/minimal-policy.json, with evidence for each action, in far fewer runs than one per action.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureIo as captureCliIo } from '../cli/capture-io.js'
import { main } from '../cli/main.js'
import { REPO_ROOT } from '../e2e/cli-project.js'
import { matchesAction, matchesResource } from '../policy/index.js'
import type { MinimizeResult } from './minimize.js'
import { asList, type PolicyDocument, type PolicyStatement } from './policy-document.js'

const captureIo = () => captureCliIo({ cwd: REPO_ROOT })
let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'harness-minimize-test-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

const WIDE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:*', 'ecr:*', 'ec2:*'], Resource: '*' }],
}

/**
 * Structural "at least as tight": every (action, resource pattern) the result grants is granted by some
 * shipped statement whose resource pattern matches it and whose conditions the result statement also has.
 */
function looserGrants(result: PolicyDocument, shipped: PolicyDocument): string[] {
  const problems: string[] = []
  for (const statement of result.Statement) {
    for (const action of asList(statement.Action)) {
      for (const resource of asList(statement.Resource)) {
        const covered = shipped.Statement.some(
          (s) =>
            asList(s.Action).some((pattern) => matchesAction(pattern, action)) &&
            asList(s.Resource).some((pattern) => matchesResource(pattern, resource)) &&
            conditionsIncluded(s, statement),
        )
        if (!covered) problems.push(`${action} on ${resource}`)
      }
    }
  }
  return problems
}

function conditionsIncluded(shipped: PolicyStatement, result: PolicyStatement): boolean {
  return Object.entries(shipped.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(
      ([key, value]) => JSON.stringify(result.Condition?.[operator]?.[key]) === JSON.stringify(value),
    ),
  )
}

describe('harness minimize', () => {
  it('from logs:*, ecr:*, ec2:* on * reproduces scenarios/minimal-policy.json (--launch) or something tighter', async () => {
    const wideFile = path.join(scratch, `harness-minimize-wide-${process.pid}.json`)
    const outFile = path.join(scratch, `harness-minimize-out-${process.pid}.json`)
    await writeFile(wideFile, JSON.stringify(WIDE))
    const io = captureIo()
    const code = await main(
      [
        'minimize',
        '--policy',
        wideFile,
        '--region',
        'us-east-1',
        '--launch',
        // The emulator's durations (account creation and closure, IAM propagation) at a tenth of minimize's
        // default 0.001: each probe vends and closes an account; the waits shrink, the rules stay.
        '--time-scale',
        '0.0001',
        '--emulator-date',
        '2026-06-01',
        '--json',
        '--out',
        outFile,
      ],
      io,
    )
    expect(io.err()).not.toMatch(/^harness:/m)
    expect(code).toBe(0)
    const result = JSON.parse(io.out()) as MinimizeResult
    const shipped = JSON.parse(await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'))
    expect(looserGrants(result.policy, shipped)).toEqual([])
    const actions = result.policy.Statement.flatMap((s) => asList(s.Action)).sort()
    const shippedActions = shipped.Statement.flatMap((s: PolicyStatement) => asList(s.Action)).sort()
    expect(actions).toEqual(shippedActions)
    // The documented conditions of the shipped policy are found too.
    const conditionOf = (action: string) =>
      result.policy.Statement.find((s) => asList(s.Action).includes(action))?.Condition
    expect(conditionOf('ec2:CreateTags')).toEqual({ StringEquals: { 'ec2:CreateAction': 'RunInstances' } })
    expect(conditionOf('ec2:TerminateInstances')).toEqual({
      StringEquals: { 'aws:ResourceTag/harness:managed-by': 'harness' },
    })
    expect(result.policy.Statement.every((s) => !asList(s.Resource).includes('*'))).toBe(true)
    // Evidence: the step that failed without each action, and AWS named that very action.
    for (const action of actions) {
      const entry = result.evidence.find((e) => e.action === action)
      expect(entry?.neededBy.join('\n')).toContain(`AWS named ${action}`)
    }
    // Batched: far fewer probe runs than one per catalogued action of logs, ecr and ec2.
    expect(result.probes).toBeLessThanOrEqual(12)
    expect(result.diff.actions.map((a) => [a.input, a.kept.length])).toEqual([
      ['logs:*', 2],
      ['ecr:*', 2],
      ['ec2:*', 3],
    ])
    expect(result.lint).toEqual([])
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toEqual(result.policy)
  })

  it('flags a resource pattern of the input that matches no resource type of its action (catalogue lint)', async () => {
    const file = path.join(scratch, `harness-minimize-typo-${process.pid}.json`)
    const typo = { Effect: 'Allow', Action: 'logs:DeleteLogGroup', Resource: 'arn:aws:logs:*:*:loggroup:*' }
    await writeFile(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:*'], Resource: '*' }, typo],
      }),
    )
    const io = captureIo()
    const code = await main(
      [
        'minimize',
        '--policy',
        file,
        '--region',
        'us-east-1',
        '--scenario',
        'logs/*',
        '--json',
        '--time-scale',
        '0.0001',
      ],
      io,
    )
    expect(code).toBe(0)
    const result = JSON.parse(io.out()) as MinimizeResult
    expect(result.lint).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: `${file} Statement[1].Resource[0]`,
          message: expect.stringMatching(
            /"arn:aws:logs:\*:\*:loggroup:\*" matches no resource type of logs:DeleteLogGroup/,
          ),
        }),
      ]),
    )
    expect(result.policy.Statement.flatMap((s) => asList(s.Action)).sort()).toEqual([
      'logs:CreateLogGroup',
      'logs:TagResource',
    ])
  })

  it('refuses a starting policy under which a step fails, at the first probe', async () => {
    const file = path.join(scratch, `harness-minimize-narrow-${process.pid}.json`)
    await writeFile(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
      }),
    )
    const io = captureIo()
    const code = await main(['minimize', '--policy', file, '--region', 'us-east-1', '--scenario', 'logs/*'], io)
    expect(code).toBe(2)
    expect(io.err()).toMatch(
      /minimize needs a policy under which every step passes; logs\/create-tagged-log-group \/ CreateLogGroup @ us-east-1: denied/,
    )
  })
})
