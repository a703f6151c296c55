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

/** In a scenario thread: its AWS_* variables become exactly `variables` (others removed). */
export function adoptAwsVariables(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env))
    if (name.startsWith('AWS_') && !(name in variables)) delete process.env[name]
  Object.assign(process.env, variables)
}
