/**
 * EC2's encoded authorization failure message, decoded through STS DecodeAuthorizationMessage with whatever
 * credentials the standard chain finds (or the emulator's endpoint). No credentials is not an error: the
 * explanation says the blob was not decoded and why. Errors are reported by name and redacted message only.
 */
import { createRequire } from 'node:module'
import type * as SdkSts from '@aws-sdk/client-sts'
import { redactSecrets } from '../outcomes/redact.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DecodeAuthorizationMessageCommand, STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts

export interface DecodeOptions {
  region: string
  /** e.g. the emulator's endpoint; otherwise the SDK's (AWS_ENDPOINT_URL_STS is honoured by the SDK itself). */
  endpoint?: string
  /** Explicit credentials (tests); otherwise the standard chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

export type DecodeResult = { decoded: string } | { problem: string }

export async function decodeAuthorizationMessage(blob: string, options: DecodeOptions): Promise<DecodeResult> {
  const client = new STSClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 2,
  })
  try {
    const { DecodedMessage } = await client.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: blob }))
    return DecodedMessage ? { decoded: DecodedMessage } : { problem: 'STS returned no DecodedMessage' }
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error'
    if (name === 'CredentialsProviderError')
      return { problem: 'no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, or pass --no-decode)' }
    const message = redactSecrets((error as Error).message ?? String(error))
    return { problem: `STS DecodeAuthorizationMessage failed: ${name}: ${message}` }
  } finally {
    client.destroy()
  }
}
