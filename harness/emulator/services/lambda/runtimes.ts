/**
 * Which runtimes CreateFunction takes on a given day (FACTS.md: Lambda). Each managed runtime's
 * "Block function create" date is from the Lambda runtimes page
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), as AWS's CloudFormation linter
 * transcribes it (aws-cloudformation/cfn-lint, src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json,
 * June 2026). A phase "starts at midnight (Pacific time zone)": 08:00 UTC is used.
 *   - on or after that date: "The runtime parameter of X is no longer supported …";
 *   - an identifier not in the table (a typo, `cobol`, a runtime Lambda has not launched): "Value X at
 *     'runtime' failed to satisfy constraint: Member must satisfy enum value set: […] or be a valid ARN",
 *     the set being the runtimes still creatable that day, in the order AWS printed it on 2026-01-12.
 * Launch dates are not modelled: a runtime is creatable from the start of the simulated timeline.
 */
import { AwsError } from '../../core/errors.js'

/** Runtime → the first day functions can no longer be created with it. */
const BLOCK_CREATE: Readonly<Record<string, string>> = {
  nodejs: '2016-09-30',
  'nodejs4.3': '2020-02-03',
  'nodejs4.3-edge': '2019-03-31',
  'nodejs6.10': '2019-07-12',
  'nodejs8.10': '2020-02-04',
  'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31',
  'nodejs14.x': '2024-01-09',
  'nodejs16.x': '2027-02-01',
  'nodejs18.x': '2027-02-01',
  'nodejs20.x': '2027-02-01',
  'nodejs22.x': '2027-06-01',
  'nodejs24.x': '2028-06-01',
  'python2.7': '2021-07-15',
  'python3.6': '2022-07-18',
  'python3.7': '2024-01-09',
  'python3.8': '2027-02-01',
  'python3.9': '2027-02-01',
  'python3.10': '2027-02-01',
  'python3.11': '2027-07-31',
  'python3.12': '2028-11-30',
  'python3.13': '2029-07-31',
  'python3.14': '2029-07-31',
  java8: '2024-02-08',
  'java8.al2': '2027-07-31',
  java11: '2027-07-31',
  java17: '2027-07-31',
  java21: '2029-07-31',
  java25: '2029-07-31',
  'dotnetcore1.0': '2019-06-30',
  'dotnetcore2.0': '2019-04-30',
  'dotnetcore2.1': '2022-01-05',
  'dotnetcore3.1': '2023-04-03',
  dotnet6: '2027-02-01',
  dotnet8: '2027-02-01',
  dotnet10: '2028-12-14',
  'go1.x': '2024-02-08',
  'ruby2.5': '2021-07-30',
  'ruby2.7': '2024-01-09',
  'ruby3.2': '2027-02-01',
  'ruby3.3': '2027-04-30',
  'ruby3.4': '2028-04-30',
  'ruby4.0': '2029-04-30',
  provided: '2024-02-08',
  'provided.al2': '2027-02-01',
  'provided.al2023': '2029-07-31',
}

/** The enum set as AWS printed it on 2026-01-12 (localstack's recorded snapshot); ruby4.0, absent then, last. */
const ENUM_ORDER = [
  'nodejs20.x',
  'python3.14',
  'provided.al2023',
  'python3.12',
  'python3.13',
  'nodejs24.x',
  'nodejs22.x',
  'java25',
  'python3.10',
  'python3.11',
  'java21',
  'ruby3.3',
  'ruby3.4',
  'ruby3.2',
  'python3.8',
  'python3.9',
  'java17',
  'nodejs16.x',
  'dotnet10',
  'dotnet8',
  'java11',
  'dotnet6',
  'nodejs18.x',
  'provided.al2',
  'java8.al2',
  'ruby4.0',
]

const blockedOn = (runtime: string): Date => new Date(`${BLOCK_CREATE[runtime]}T08:00:00Z`)

/** Runtimes CreateFunction takes at `now`, in AWS's printed order. */
export function creatableRuntimes(now: Date): string[] {
  return ENUM_ORDER.filter((runtime) => now < blockedOn(runtime))
}

/** Throws the InvalidParameterValueException CreateFunction answers for a runtime it refuses at `now`. */
export function assertCreatableRuntime(runtime: string, now: Date): void {
  if (!Object.hasOwn(BLOCK_CREATE, runtime)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${creatableRuntimes(now).join(', ')}] or be a valid ARN`,
    )
  }
  if (now >= blockedOn(runtime)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    )
  }
}
