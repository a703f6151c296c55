/** Policy documents used by the IAM / STS SDK tests, as the JSON strings the IAM API takes. */
import { allowStatement, MANAGEMENT, policy, trustAccount as trustDocument } from '../../authz/test-fixtures.js'

export const trustAccount = (accountId = MANAGEMENT, action?: string | string[]) =>
  JSON.stringify(trustDocument(accountId, action))

export const allow = (action: string | string[]) => JSON.stringify(policy(allowStatement(action)))
