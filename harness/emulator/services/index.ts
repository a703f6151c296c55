/** Every emulated service, keyed by SigV4 signing name. */
import type { ServiceDefinition } from '../core/types.js'
import account from './account/index.js'
import cloudformation from './cloudformation/index.js'
import cloudtrail from './cloudtrail/index.js'
import ec2 from './ec2/index.js'
import ecr from './ecr/index.js'
import ecs from './ecs/index.js'
import iam from './iam/index.js'
import lambda from './lambda/index.js'
import logs from './logs/index.js'
import organizations from './organizations/index.js'
import s3 from './s3/index.js'
import sns from './sns/index.js'
import sqs from './sqs/index.js'
import ssm from './ssm/index.js'
import sts from './sts/index.js'
import { createTaggingService } from './tagging/index.js'

const services = new Map<string, ServiceDefinition>(
  [organizations, account, sts, iam, logs, ecr, ec2, ssm, cloudtrail, sqs, sns, s3, ecs, lambda, cloudformation].map(
    (service) => [service.signingName, service],
  ),
)
// The tagging API reads every other service's resources.
const tagging = createTaggingService(() => services.values())
services.set(tagging.signingName, tagging)

export const SERVICES: ReadonlyMap<string, ServiceDefinition> = services
