/**
 * Authorization hooks: the server calls authorizeRequest for every request; the STS service calls
 * authorizeAssumeRole and decodeAuthorizationMessage.
 */
export { authorizeAssumeRole } from './assume-role.js'
export { authorizeRequest } from './authorize-request.js'
export { decodeAuthorizationMessage } from './decode.js'
export { accessDeniedMessage, ec2UnauthorizedMessage, logsTagOnCreateMessage, reasonClause } from './denial-message.js'
