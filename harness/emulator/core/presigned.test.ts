/**
 * Presigned URLs (SigV4 in the query string) are a known gap: the emulator routes them by their
 * X-Amz-Credential scope and refuses them in the service's protocol, saying so (FACTS.md, "ours"),
 * rather than as an unsigned call to no service. Raw HTTP: the SDK's presigner is not a dependency,
 * so the URL is presigned with the SDK's signer directly.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { ADMIN_CREDENTIALS, withEmulator } from '../testing.js'

async function presignedUrl(endpoint: string, path: string): Promise<string> {
  const url = new URL(endpoint)
  const signer = new SignatureV4({
    credentials: ADMIN_CREDENTIALS,
    region: 'us-east-1',
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
  })
  const request = new HttpRequest({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host },
  })
  const signed = await signer.presign(request, { expiresIn: 300 })
  return `${url.origin}${path}?${new URLSearchParams(signed.query as Record<string, string>)}`
}

describe('presigned URLs', () => {
  const emu = withEmulator()

  it('Given a presigned S3 GetObject URL, then S3 answers an XML NotImplemented that names presigned URLs', async () => {
    await new S3Client({ ...emu.clientConfig('us-east-1'), forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: 'presigned-bucket' }),
    )
    const response = await fetch(await presignedUrl(emu.endpoint, '/presigned-bucket/key.txt'))
    expect(response.status).toBe(501)
    expect(response.headers.get('content-type')).toBe('application/xml')
    const body = await response.text()
    expect(body).toContain('<Code>NotImplemented</Code>')
    expect(body).toMatch(/<Message>The harness emulator does not support presigned URLs/)
  })
})
