/**
 * QA: a missing s3:ListBucket on HeadBucket. The 403 to a HEAD has no body (the SDK says `Unknown`), so
 * the run once recorded it as an error: absent from the verdict line and the fix, and `--verify-fix` said
 * "Fix verified" while the step still failed. Through the real CLI and SDK on the emulator: the step is the
 * s3:ListBucket denial on the bucket the request named, the fix amends the declared bucket statement (its
 * pattern, not this run's bucket), the follow-up confirms it, and `harness explain` reads it the same way.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project } from './cli-project.js'

const SCENARIO = `import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'app/s3-uploads',
  async run({ client, uniqueName, step, onCleanup }) {
    const s3 = client(S3Client)
    const Bucket = uniqueName('app-uploads')
    const created = await step('CreateBucket', () => s3.send(new CreateBucketCommand({ Bucket })))
    if (!created.ok) return
    onCleanup((admin) => admin(S3Client).send(new DeleteBucketCommand({ Bucket })))
    await step('HeadBucket', () => s3.send(new HeadBucketCommand({ Bucket })))
  },
})
`

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'S3', Effect: 'Allow', Action: ['s3:CreateBucket'], Resource: 'arn:aws:s3:::app-uploads-*' }],
}

describe('a HeadBucket without s3:ListBucket', () => {
  let project: Project
  let result: CliResult
  let record: RunRecord
  let recordFile: string
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': `export default { policy: 'policy.json', scenarios: 'scenarios/*.ts', verifyFix: true, emulator: { timeScale: 0.0005 } }\n`,
      'policy.json': JSON.stringify(POLICY),
      'scenarios/s3-uploads.ts': SCENARIO,
    })
    result = await project.run(['run', '--region', 'eu-west-1'])
    const runs = (await project.files('reports/runs')).sort()
    recordFile = path.join('reports/runs', path.basename(runs[0] as string))
    record = JSON.parse(await project.read(recordFile)) as RunRecord
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('is a denial of s3:ListBucket on the bucket, in the verdict line and the fix', () => {
    const head = record.results.find((r) => r.step === 'HeadBucket')
    expect(head?.outcome).toMatchObject({
      kind: 'denied',
      httpStatus: 403,
      denied: {
        action: 's3:ListBucket',
        operation: 'HeadBucket',
        resource: expect.stringMatching(/^arn:aws:s3:::app-uploads-/),
      },
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('app/s3-uploads › HeadBucket: denied Unknown s3:ListBucket')
    expect(result.stdout).toMatch(/eu-west-1: 1 open denial .*— add s3:ListBucket/)
  })

  it('--verify-fix patches the declared statement with s3:ListBucket and the follow-up allows the step', async () => {
    expect(result.stdout).toContain('Fix verified: 1 failing step allowed under the patched policy')
    expect(result.stdout).toContain('app/s3-uploads / HeadBucket @ eu-west-1: allowed under the patch')
    const drift = JSON.parse(await project.read('reports/drift.json')) as {
      changes: Array<{ step: string; missingAction?: string; amendsStatement?: string; suggestedStatement?: unknown }>
    }
    expect(drift.changes.find((c) => c.step === 'HeadBucket')).toMatchObject({
      missingAction: 's3:ListBucket',
      amendsStatement: 'Sid "S3"',
      suggestedStatement: { Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::app-uploads-*' },
    })
  })

  it("harness explain: the call's own permission, with the fix scoped as the declared statement", async () => {
    const explained = await project.run(['explain', '--json', recordFile])
    expect(explained.code).toBe(0)
    const { explanations } = JSON.parse(explained.stdout) as {
      explanations: Array<{ input: string; action?: string; extraPermission?: string; statement?: unknown }>
    }
    expect(explanations).toHaveLength(1)
    expect(explanations[0]).toMatchObject({
      input: 'run-step',
      action: 's3:ListBucket',
      statement: { Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::app-uploads-*' },
    })
    expect(explanations[0]?.extraPermission).toBeUndefined()
    const text = await project.run(['explain', recordFile])
    expect(text.stdout).not.toContain("in addition to the call's own permission")
  })
})
