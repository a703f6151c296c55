import { devNull } from 'node:os'

/**
 * The AWS_* variables of a run. The SDK reads AWS_ENDPOINT_URL, AWS_REGION and credentials from
 * process.env, and a scenario thread's process.env is a copy taken when the thread started, possibly for
 * an earlier run of this process in another AWS environment (tests run many; a program using harness as
 * a library may too). So each scenario run carries the orchestrator's variables, and the thread adopts
 * them before creating any client: a reused thread then always calls the run's own endpoint.
 */
export function awsVariables(): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith('AWS_') && value !== undefined) variables[name] = value
  return variables
}

/**
 * In a scenario thread: its AWS_* variables become exactly `variables` (others removed), less every source
 * of the SDK's default credential chain (credentialsClosed).
 */
export function adoptAwsVariables(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env))
    if (name.startsWith('AWS_') && !(name in variables)) delete process.env[name]
  Object.assign(process.env, variables, credentialsClosed())
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name]
}

/**
 * A scenario's calls carry the run's minimal role, through client(). A client made with `new XClient()`
 * would find the operator's credentials (variables, ~/.aws files, SSO, container or instance metadata;
 * on a nightly the management account's) and call AWS unrecorded, and its step pass (QA: it reached
 * AWS's endpoint and passed). In a scenario thread the default chain finds nothing, so such a step fails
 * with the SDK's credentials error; client() and the cleanups' administrator clients get theirs from the
 * orchestrator and are unaffected.
 */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]

/** No shared config or credentials file (profiles, SSO, credential_process) and no instance metadata. */
function credentialsClosed(): Record<string, string> {
  return { AWS_SHARED_CREDENTIALS_FILE: devNull, AWS_CONFIG_FILE: devNull, AWS_EC2_METADATA_DISABLED: 'true' }
}
