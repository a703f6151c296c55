import { afterEach, describe, expect, it } from 'vitest'
import { adoptAwsVariables, awsVariables } from './aws-env.js'

describe("a scenario thread's AWS variables", () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('are exactly the run’s: a variable from the thread’s first run is removed, the run’s endpoint is set', () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    process.env.AWS_PROFILE = 'from-an-earlier-run'
    adoptAwsVariables({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ACCESS_KEY_ID: 'test' })
    expect(process.env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:4566')
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('test')
    expect(process.env.AWS_PROFILE).toBeUndefined()
    expect(process.env.PATH).toBe(saved.PATH)
    expect(awsVariables()).toEqual(
      Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'))),
    )
  })
})
