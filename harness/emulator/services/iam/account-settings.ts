/** Account-wide IAM settings: the global STS endpoint's token version. */
import type { OperationDefinition } from '../../core/types.js'
import { requiredString } from './params.js'
import { accountOf } from './store.js'

const setSecurityTokenServicePreferences: OperationDefinition = {
  authorize: () => [{ action: 'iam:SetSecurityTokenServicePreferences', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const version = requiredString(ctx.params, 'GlobalEndpointTokenVersion', {
      pattern: /^(v1Token|v2Token)$/,
      patternText: '[v1Token, v2Token]',
    }) as 'v1Token' | 'v2Token'
    accountOf(ctx.state, ctx.caller.accountId).iam.globalEndpointTokenVersion = version
    return {}
  },
}

export const accountSettingsOperations: Record<string, OperationDefinition> = {
  SetSecurityTokenServicePreferences: setSecurityTokenServicePreferences,
}
