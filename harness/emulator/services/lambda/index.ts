/**
 * AWS Lambda (restJson1): functions and their tags. Routes come from the operation schemas
 * @aws-sdk/client-lambda ships (protocols/schema-routes.ts), loaded on the first Lambda request, so
 * every Lambda operation is recognised and unserved ones are named with their permission.
 */

import type { RequestContext, ServiceDefinition } from '../../core/types.js'
import { buildRestRoutes, matchRestRoute } from '../../protocols/schema-routes.js'
import type { IncomingRequest } from '../../protocols/types.js'
import * as authz from './authorize.js'
import { createFunction, deleteFunction, getFunction, listFunctions } from './functions.js'
import { listFunctionResources } from './resources.js'
import { functionArn } from './store.js'
import { listTags, tagResource, untagResource } from './tags.js'

let routes: ReturnType<typeof buildRestRoutes> | undefined

async function loadRoutes(): Promise<void> {
  routes ??= buildRestRoutes((await import('@aws-sdk/client-lambda')) as unknown as Record<string, unknown>)
}

const functionResource = (ctx: RequestContext) => [
  {
    ResourceType: 'AWS::Lambda::Function',
    ResourceName: functionArn(ctx.region, ctx.caller.accountId, String(ctx.params.FunctionName ?? '')),
  },
]

const service: ServiceDefinition = {
  signingName: 'lambda',
  iamPrefix: 'lambda',
  eventSource: 'lambda.amazonaws.com',
  protocol: 'rest-json',
  errorMessageKey: 'Message',
  validationErrorCode: 'InvalidParameterValueException',
  ready: loadRoutes,
  matchRoute: (request: IncomingRequest) => matchRestRoute(routes ?? [], request),
  successStatus: { CreateFunction: 201, DeleteFunction: 204, TagResource: 204, UntagResource: 204 },
  actionAliases: { Invoke: 'lambda:InvokeFunction', ListTags: 'lambda:ListTags' },
  operations: {
    CreateFunction: {
      handler: createFunction,
      authorize: authz.authorizeCreateFunction,
      cloudTrailResources: functionResource,
    },
    GetFunction: { handler: getFunction, authorize: authz.onFunction('lambda:GetFunction', 'FunctionName') },
    ListFunctions: { handler: listFunctions, authorize: authz.authorizeListFunctions },
    DeleteFunction: {
      handler: deleteFunction,
      authorize: authz.onFunction('lambda:DeleteFunction', 'FunctionName'),
      cloudTrailResources: functionResource,
    },
    TagResource: { handler: tagResource, authorize: authz.authorizeTagResource },
    UntagResource: { handler: untagResource, authorize: authz.onFunction('lambda:UntagResource', 'Resource') },
    ListTags: { handler: listTags, authorize: authz.onFunction('lambda:ListTags', 'Resource') },
  },
  listResources: listFunctionResources,
}

export default service
