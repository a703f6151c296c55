import { devNull } from 'node:os'
import { STSClient } from '@aws-sdk/client-sts'
import { afterEach, describe, expect, it } from 'vitest'
import { adoptAwsVariables, awsVariables } from './aws-env.js'

describe("a scenario thread's AWS variables", () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('are the run’s: a variable from the thread’s first run is removed, the run’s endpoint is set', () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    process.env.AWS_MAX_ATTEMPTS = '7'
    adoptAwsVariables({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'ap-east-1' })
    expect(process.env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:4566')
    expect(process.env.AWS_REGION).toBe('ap-east-1')
    expect(process.env.AWS_MAX_ATTEMPTS).toBeUndefined()
    expect(process.env.PATH).toBe(saved.PATH)
    expect(awsVariables()).toEqual(
      Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'))),
    )
  })

  it('leave the SDK’s default credential chain nothing: a client made without client() cannot call AWS (QA)', async () => {
    // Given the operator's credentials in every place the chain looks
    adoptAwsVariables({
      AWS_ACCESS_KEY_ID: 'AKIAOPERATOR000000001',
      AWS_SECRET_ACCESS_KEY: 'operator-secret',
      AWS_SESSION_TOKEN: 'operator-token',
      AWS_PROFILE: 'operator',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
      AWS_REGION: 'us-east-1',
    })
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ROLE_ARN'])
      expect(process.env[name]).toBeUndefined()
    expect(process.env).toMatchObject({
      AWS_CONFIG_FILE: devNull,
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    })
    // Then a client built by hand gets no credentials at all
    const own = new STSClient({})
    await expect(own.config.credentials()).rejects.toMatchObject({ name: 'CredentialsProviderError' })
    own.destroy()
  })
})
