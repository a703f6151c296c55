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

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}')
  })
})
