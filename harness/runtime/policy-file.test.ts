import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalJson, readDeclaredPolicy } from './policy-file.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-policy-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readDeclaredPolicy', () => {
  it('hashes the same policy the same way whatever its key order and spacing', async () => {
    const a = path.join(dir, 'a.json')
    const b = path.join(dir, 'b.json')
    await writeFile(
      a,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] }),
    )
    await writeFile(
      b,
      JSON.stringify(
        { Statement: [{ Resource: '*', Action: 'logs:*', Effect: 'Allow' }], Version: '2012-10-17' },
        null,
        4,
      ),
    )
    expect((await readDeclaredPolicy(a)).hash).toBe((await readDeclaredPolicy(b)).hash)
  })

  it('validates the shipped minimal policy', async () => {
    const policy = await readDeclaredPolicy(path.resolve(import.meta.dirname, '../../scenarios/minimal-policy.json'))
    expect(policy.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each([
    ['missing', null, 'does not exist'],
    ['not JSON', '{', 'is not a valid IAM policy'],
    [
      'a bad Effect',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Perhaps', Action: 'x:y', Resource: '*' }] }),
      'Statement[0].Effect',
    ],
  ])('names the file when it is %s', async (_case, content, message) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`)
    if (content !== null) await writeFile(file, content)
    await expect(readDeclaredPolicy(file)).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      message: expect.stringMatching(new RegExp(`Policy file ${file}[\\s\\S]*${message.replace(/[[\]().]/g, '\\$&')}`)),
    })
  })
})

describe('readDeclaredPolicy problem lines', () => {
  it('names each statement field once, and a directory as a directory', async () => {
    // Given a statement without Resource and a directory passed as the policy file
    const file = path.join(dir, 'no-resource.json')
    await writeFile(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*' }] }))
    // When they are read, Then each problem line names the field once
    const error = (await readDeclaredPolicy(file).catch((e: unknown) => e)) as Error
    expect(error.message).toContain('\n  Statement[0].Resource: is required')
    expect(error.message).not.toContain('Statement[0].Resource: Statement[0].Resource')
    await expect(readDeclaredPolicy(dir)).rejects.toThrow(`Policy file ${dir} is a directory, not a JSON file.`)
  })

  it('keeps a JSON syntax error on one line', async () => {
    const file = path.join(dir, 'not-json.json')
    await writeFile(file, 'not json\n')
    const error = (await readDeclaredPolicy(file).catch((e: unknown) => e)) as Error
    expect(error.message.split('\n')).toHaveLength(2)
    expect(error.message).toMatch(/not valid JSON/)
  })
})

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}')
  })

  describe('IAM limits, checked before any account exists', () => {
    const statement = (i: number) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 'logs:CreateLogGroup',
      Resource: `arn:aws:logs:*:*:log-group:harness-${'x'.repeat(40)}-${i}`,
    })
    const policyWith = (count: number) =>
      JSON.stringify(
        { Version: '2012-10-17', Statement: Array.from({ length: count }, (_, i) => statement(i)) },
        null,
        2,
      )

    it("refuses a policy over IAM's 10,240-character inline limit, white space not counted, citing the quota page", async () => {
      const file = path.join(dir, 'big.json')
      await writeFile(file, policyWith(120))
      const error = (await readDeclaredPolicy(file).catch((e: unknown) => e)) as { code: string; message: string }
      expect(error.code).toBe('POLICY_INVALID')
      expect(error.message).toMatch(
        /is [\d,]+ characters \(white space excluded, 120 statements\); IAM refuses more than 10,240/,
      )
      expect(error.message).toContain('https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html')
    })

    it('accepts a policy just under the limit however much white space it has', async () => {
      const file = path.join(dir, 'spacious.json')
      // 60 statements are about 7,500 characters without white space, far more with the indentation.
      await writeFile(file, policyWith(60).replace(/\n/g, `\n${' '.repeat(40)}`))
      await expect(readDeclaredPolicy(file)).resolves.toMatchObject({ file })
    })

    it('answers a 10,000-statement invalid policy in a few short lines, never echoing it', async () => {
      const file = path.join(dir, 'huge-invalid.json')
      const statements = Array.from({ length: 10_000 }, () => ({
        Effect: `Maybe${'!'.repeat(40)}`,
        Action: 'logs:*',
        Resource: '*',
      }))
      await writeFile(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }))
      const error = (await readDeclaredPolicy(file).catch((e: unknown) => e)) as Error
      expect(error.message).toContain('is not a valid IAM policy')
      expect(error.message).toMatch(/… and \d+ more problems$/)
      expect(error.message.length).toBeLessThan(8000)
    })

    it('answers a valid 10,000-statement policy with its size and statement count, in one line', async () => {
      const file = path.join(dir, 'huge-valid.json')
      const statements = Array.from({ length: 10_000 }, () => ({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }))
      await writeFile(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }))
      const error = (await readDeclaredPolicy(file).catch((e: unknown) => e)) as Error
      expect(error.message).toMatch(/10,000 statements\); IAM refuses more than 10,240/)
      expect(error.message.length).toBeLessThan(400)
    })

    it('refuses a file over 1 MiB without reading it', async () => {
      const file = path.join(dir, 'megabyte.json')
      await writeFile(file, ' '.repeat(1024 * 1024 + 1))
      await expect(readDeclaredPolicy(file)).rejects.toThrow(
        /is 1,048,577 bytes; IAM refuses inline role policies over 10,240 characters/,
      )
    })

    it('refuses characters IAM does not allow in a policy document', async () => {
      const file = path.join(dir, 'emoji.json')
      await writeFile(
        file,
        JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement(1), Sid: 'Rocket🚀' }] }),
      )
      await expect(readDeclaredPolicy(file)).rejects.toThrow(/contains U\+1F680 at character \d+; IAM allows only tab/)
    })
  })
})
