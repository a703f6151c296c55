import { describe, expect, it } from 'vitest'
import { inCi } from './io.js'

describe('inCi', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ JENKINS_URL: 'https://jenkins.example/' }, true],
    [{ CODEBUILD_BUILD_ID: 'harness:0f3c' }, true],
    [{ TF_BUILD: 'True' }, true],
    [{}, false],
    [{ CI: '' }, false],
    [{ CI: 'false' }, false],
    [{ CI: 'FALSE' }, false],
    [{ CI: '0' }, false],
    [{ CI: 'no' }, false],
    [{ CI: ' off ' }, false],
  ])('%j → %s', (env, expected) => {
    expect(inCi(env)).toBe(expected)
  })
})
