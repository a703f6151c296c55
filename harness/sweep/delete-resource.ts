/**
 * Deleting one leftover resource by its ARN, with the vended account's administrator credentials.
 * The types harness's shipped scenarios create are known here; any other type is reported for a
 * person to remove (an unknown delete call is not something to guess).
 */
import { createRequire } from 'node:module'
import type * as SdkCloudwatchLogs from '@aws-sdk/client-cloudwatch-logs'
import type * as SdkEc2 from '@aws-sdk/client-ec2'
import type * as SdkEcr from '@aws-sdk/client-ecr'
import { awsErrorName } from '../credentials/aws-error.js'
import type { ClientFactory } from '../credentials/types.js'

// The SDK's CommonJS bundles are loaded with require (through the ESM loader each is parsed twice more, about
// 0.1 s of CPU per client), and only when a deletion needs one: a run imports this module for a
// terminated scenario's leftovers, which most runs never have, and the three clients cost ~0.17 s of
// CPU before the account is even requested.
const requireSdk = createRequire(import.meta.url)
const logsSdk = () => requireSdk('@aws-sdk/client-cloudwatch-logs') as typeof SdkCloudwatchLogs
const ec2Sdk = () => requireSdk('@aws-sdk/client-ec2') as typeof SdkEc2
const ecrSdk = () => requireSdk('@aws-sdk/client-ecr') as typeof SdkEcr

const GONE = new Set(['ResourceNotFoundException', 'RepositoryNotFoundException', 'InvalidInstanceID.NotFound'])

type Deleter = (admin: ClientFactory, id: string) => Promise<unknown>

const DELETERS: Record<string, Deleter> = {
  'logs:log-group': (admin, name) => {
    const { CloudWatchLogsClient, DeleteLogGroupCommand } = logsSdk()
    return admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName: name }))
  },
  'ecr:repository': (admin, name) => {
    const { DeleteRepositoryCommand, ECRClient } = ecrSdk()
    return admin(ECRClient).send(new DeleteRepositoryCommand({ repositoryName: name, force: true }))
  },
  'ec2:instance': (admin, id) => {
    const { EC2Client, TerminateInstancesCommand } = ec2Sdk()
    return admin(EC2Client).send(new TerminateInstancesCommand({ InstanceIds: [id] }))
  },
}

/** ARN → region, `service:type` and the resource's own id (name after `log-group:` or the last `/`). */
export function parseArn(arn: string): { region: string; type: string; id: string } | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, , service, region = '', , ...rest] = parts
  const resource = rest.join(':')
  const match = /^([a-z0-9-]+)[/:](.+)$/.exec(resource)
  if (!match) return undefined
  return { region, type: `${service}:${match[1]}`, id: match[2]!.replace(/:\*$/, '') }
}

export function canDelete(arn: string): boolean {
  const parsed = parseArn(arn)
  return parsed !== undefined && parsed.type in DELETERS
}

/** Deletes `arn`; a resource already gone counts as deleted. Throws for unknown types and real failures. */
export async function deleteResource(admin: ClientFactory, arn: string): Promise<void> {
  const parsed = parseArn(arn)
  const deleter = parsed && DELETERS[parsed.type]
  if (!parsed || !deleter) throw new Error(`no automatic deletion for ${arn}; remove it by hand`)
  try {
    await deleter(admin, parsed.id)
  } catch (error) {
    if (!GONE.has(awsErrorName(error))) throw error
  }
}
