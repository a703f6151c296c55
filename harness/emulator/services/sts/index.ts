/** STS (awsQuery, regional plus the global endpoint): AssumeRole, GetSessionToken, GetCallerIdentity, DecodeAuthorizationMessage. */
import { decodeAuthorizationMessage } from '../../authz/index.js'
import type { OperationDefinition, ServiceDefinition } from '../../core/types.js'
import { requiredString } from '../iam/params.js'
import { settleOrganization } from '../organizations/settle.js'
import { assumeRole } from './assume-role.js'
import { getSessionToken } from './session-token.js'

const getCallerIdentity: OperationDefinition = {
  // Needs no permission: AWS answers it even when an explicit deny covers sts:GetCallerIdentity.
  authorize: () => [],
  handler(ctx) {
    settleOrganization(ctx.state)
    return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }
  },
}

const decodeMessage: OperationDefinition = {
  authorize: () => [{ action: 'sts:DecodeAuthorizationMessage', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const encoded = requiredString(ctx.params, 'EncodedMessage', { min: 1, max: 10240 })
    return { DecodedMessage: decodeAuthorizationMessage(ctx, encoded) }
  },
}

const service: ServiceDefinition = {
  signingName: 'sts',
  iamPrefix: 'sts',
  eventSource: 'sts.amazonaws.com',
  protocol: 'query',
  apiVersion: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    AssumeRole: assumeRole,
    GetCallerIdentity: getCallerIdentity,
    GetSessionToken: getSessionToken,
    DecodeAuthorizationMessage: decodeMessage,
  },
}

export default service
