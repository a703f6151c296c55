/**
 * EC2's UnauthorizedOperation may name no action, only an encoded blob that STS DecodeAuthorizationMessage
 * turns back into the principal, action, resource and whether a deny matched. That needs
 * sts:DecodeAuthorizationMessage, which the minimal role must not be given, and an account that still
 * exists, so the run decodes with the account's administrator credentials right after the step.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
 */
import { createRequire } from 'node:module'
import type * as SdkSts from '@aws-sdk/client-sts'
import { mergeDecodedMessage } from '../outcomes/decoded-denial.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { Outcome } from '../outcomes/types.js'
import type { ClientFactory } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DecodeAuthorizationMessageCommand, STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts

export type DenialDecoder = (outcome: Outcome) => Promise<Outcome>

export function createDenialDecoder(admin: ClientFactory): DenialDecoder {
  return async (outcome) => {
    const encodedMessage = outcome.kind === 'denied' ? outcome.denied?.encodedMessage : undefined
    if (outcome.kind !== 'denied' || !outcome.denied || !encodedMessage) return outcome
    try {
      const sts = admin(STSClient)
      const { DecodedMessage } = await sts.send(
        new DecodeAuthorizationMessageCommand({ EncodedMessage: encodedMessage }),
      )
      if (!DecodedMessage) return outcome
      return { ...outcome, denied: { ...mergeDecodedMessage(outcome.denied, DecodedMessage), decoded: true } }
    } catch (error) {
      // The denial stands as recorded; only the extra detail is missing, and the record says why.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return { ...outcome, denied: { ...outcome.denied, decodeError: redactSecrets(reason).slice(0, 300) } }
    }
  }
}
