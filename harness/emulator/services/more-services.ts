/** The services beyond account vending's three (index.ts loads these on first need), in routing order. */
import type { ServiceDefinition } from '../core/types.js'
import cloudformation from './cloudformation/index.js'
import cloudtrail from './cloudtrail/index.js'
import ec2 from './ec2/index.js'
import ecr from './ecr/index.js'
import ecs from './ecs/index.js'
import iam from './iam/index.js'
import lambda from './lambda/index.js'
import logs from './logs/index.js'
import s3 from './s3/index.js'
import sns from './sns/index.js'
import sqs from './sqs/index.js'
import ssm from './ssm/index.js'

export { createTaggingService } from './tagging/index.js'

export const MORE_SERVICES: readonly ServiceDefinition[] = [
  iam,
  logs,
  ecr,
  ec2,
  ssm,
  cloudtrail,
  sqs,
  sns,
  s3,
  ecs,
  lambda,
  cloudformation,
]
