/**
 * Test-only service definitions with the real services' wire metadata and tiny handlers, so protocol
 * and credential tests exercise every protocol through the real SDK clients independently of the
 * real services' progress. `installTestServices()` swaps them into SERVICES; call the returned restore.
 */
import { AwsError, ConnectionResetFault } from '../core/errors.js'
import { optionalBoolean, optionalList, requireString } from '../core/params.js'
import type { ServiceDefinition } from '../core/types.js'
import { loadAllServices } from '../services/index.js'

// Every service loaded first: the swap below must not be undone by their later loading.
const SERVICES = await loadAllServices()

const CREATED = new Date('2024-05-06T07:08:09.500Z')

/** The real service's wire metadata (signing, protocol, error shape), without its operations. */
function realWire(signingName: string): Omit<ServiceDefinition, 'operations' | 'listResources' | 'restRoutes'> {
  const { operations, listResources, restRoutes, ...wire } = SERVICES.get(signingName)!
  return wire
}

const logs: ServiceDefinition = {
  ...realWire('logs'),
  operations: {
    CreateLogGroup: {
      handler(ctx) {
        const name = requireString(ctx, 'logGroupName', { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ })
        if (name === 'exists')
          throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
        if (name === 'crash') throw new TypeError('boom')
        if (name === 'reset') throw new ConnectionResetFault()
        ctx.state.regionStore('logs', ctx.caller.accountId, ctx.region, () => new Set<string>()).add(name)
        return {}
      },
      cloudTrailResources: (ctx) => [
        { ResourceType: 'AWS::Logs::LogGroup', ResourceName: String(ctx.params.logGroupName) },
      ],
    },
    DescribeLogGroups: { handler: () => ({ logGroups: [{ logGroupName: 'a', creationTime: CREATED.getTime() }] }) },
  },
  listResources: (state) =>
    [...state.storesOf<Set<string>>('logs')].flatMap(({ accountId, region, store }) =>
      [...store].map((id) => ({ accountId, region: region ?? '', type: 'AWS::Logs::LogGroup', id, tags: {} })),
    ),
}

const organizations: ServiceDefinition = {
  ...realWire('organizations'),
  validationErrorCode: 'InvalidInputException',
  operations: {
    DescribeCreateAccountStatus: {
      handler: (ctx) => ({
        CreateAccountStatus: {
          Id: requireString(ctx, 'CreateAccountRequestId'),
          State: 'IN_PROGRESS',
          RequestedTimestamp: CREATED,
        },
      }),
    },
    CreateAccount: {
      handler() {
        throw new AwsError('ConstraintViolationException', 'You have reached the limit on the number of accounts.', {
          fields: { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' },
        })
      },
    },
  },
}

const iam: ServiceDefinition = {
  ...realWire('iam'),
  operations: {
    CreateRole: {
      handler(ctx) {
        const roleName = requireString(ctx, 'RoleName')
        if (roleName === 'exists') {
          throw new AwsError('EntityAlreadyExists', `Role with name ${roleName} already exists.`, { status: 409 })
        }
        return {
          Role: {
            RoleName: roleName,
            Path: '/',
            Arn: `arn:aws:iam::${ctx.caller.accountId}:role/${roleName}`,
            RoleId: 'AROAEXAMPLE',
            CreateDate: CREATED,
            AssumeRolePolicyDocument: encodeURIComponent(requireString(ctx, 'AssumeRolePolicyDocument')),
            Tags: optionalList(ctx, 'Tags'),
          },
        }
      },
    },
    DeleteRole: { handler: () => undefined },
  },
}

const sts: ServiceDefinition = {
  ...realWire('sts'),
  operations: {
    GetCallerIdentity: {
      handler: (ctx) => ({ UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }),
    },
  },
}

const ec2: ServiceDefinition = {
  ...realWire('ec2'),
  operations: {
    DescribeVpcs: {
      handler: () => ({
        vpcSet: [{ vpcId: 'vpc-1', cidrBlock: '172.31.0.0/16', isDefault: true, state: 'available' }],
      }),
    },
    TerminateInstances: {
      handler(ctx) {
        const ids = optionalList<string>(ctx, 'InstanceId')
        if (ids.length === 0)
          throw new AwsError('MissingParameter', 'The request must contain the parameter InstanceId')
        if (optionalBoolean(ctx, 'DryRun')) {
          throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', {
            status: 412,
          })
        }
        throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${ids[0]}' does not exist`)
      },
    },
  },
}

const account: ServiceDefinition = {
  ...realWire('account'),
  restRoutes: { 'POST /getRegionOptStatus': 'GetRegionOptStatus', 'POST /enableRegion': 'EnableRegion' },
  operations: {
    GetRegionOptStatus: {
      handler(ctx) {
        const region = requireString(ctx, 'RegionName')
        if (region === 'nowhere') {
          throw new AwsError('ValidationException', 'Invalid region', { fields: { reason: 'fieldValidationFailed' } })
        }
        return { RegionName: region, RegionOptStatus: 'DISABLED' }
      },
    },
    EnableRegion: { handler: () => undefined },
  },
}

export const TEST_SERVICES: ServiceDefinition[] = [logs, organizations, iam, sts, ec2, account]

export function installTestServices(): () => void {
  const registry = SERVICES as Map<string, ServiceDefinition>
  const originals = TEST_SERVICES.map((service) => [service.signingName, registry.get(service.signingName)] as const)
  for (const service of TEST_SERVICES) registry.set(service.signingName, service)
  return () => {
    for (const [name, original] of originals) if (original) registry.set(name, original)
  }
}
