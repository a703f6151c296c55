/**
 * `harness explain` through the CLI entry, in-process: CloudTrail files shaped like seed 001 (plain and
 * gzipped, as S3 delivers them), messages on stdin and as an argument, --json, unreadable and bad input,
 * and an EC2 encoded message decoded through STS against the emulator (date pinned to the pre-2024 wording).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureIo as captureCliIo } from '../cli/capture-io.js'
import { main } from '../cli/main.js'
import { allow, minimalSession, rejection } from '../emulator/authz/test-fixtures.js'
import { memberAdmin } from '../emulator/test-accounts.js'
import { withEmulator } from '../emulator/testing.js'
import { type ExplainResult, explainInput } from './explain-input.js'

const SEED_001 = path.join(import.meta.dirname, 'fixtures/seed-001-records.json')
let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'harness-explain-test-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

const captureIo = (env: NodeJS.ProcessEnv = {}) => captureCliIo({ env })

async function explainJson(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env)
  const code = await main(['explain', '--json', ...args], io)
  return { code, result: JSON.parse(io.out()) as ExplainResult, err: io.err() }
}

describe('harness explain on CloudTrail records shaped like seed 001', () => {
  it.each([
    ['plain', false],
    ['gzipped', true],
  ])('explains both denials of a %s Records file and skips the other failures', async (_label, gzip) => {
    const text = await readFile(SEED_001)
    const file = path.join(scratch, `harness-explain-${process.pid}-${gzip ? 'gz' : 'plain'}.json${gzip ? '.gz' : ''}`)
    await writeFile(file, gzip ? gzipSync(text) : text)
    const { code, result } = await explainJson([file])
    expect(code).toBe(0)
    expect(result.recordsRead).toBe(4)
    const [runInstances, createQueue] = result.explanations
    expect(result.explanations).toHaveLength(2)
    // Given the EMR RunInstances record with no errorMessage, the action comes from the event, made by EMR.
    expect(runInstances).toMatchObject({
      input: 'cloudtrail-event',
      action: 'ec2:RunInstances',
      operation: 'RunInstances',
      region: 'us-east-1',
      invokedBy: 'elasticmapreduce.aws.internal',
      principal: 'arn:aws:sts::012345678990:assumed-role/emr-role/CCSSession',
      cause: 'unstated',
      statement: { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: '*' },
    })
    expect(runInstances?.notes.join('\n')).toMatch(/inferred from the event/)
    // The SQS record's message names sqs:createqueue; the catalogue spells it sqs:CreateQueue.
    expect(createQueue).toMatchObject({
      action: 'sqs:CreateQueue',
      resource: 'arn:aws:sqs:us-east-1:012345678990:AWS-ElasticMapReduce-j-16QCFP740K4YR',
      invokedBy: 'elasticmapreduce.aws.internal',
      statement: {
        Action: ['sqs:CreateQueue'],
        Resource: 'arn:aws:sqs:us-east-1:012345678990:AWS-ElasticMapReduce-j-16QCFP740K4YR',
      },
    })
  })

  it('prints a readable text block per denial', async () => {
    const io = captureIo()
    expect(await main(['explain', SEED_001], io)).toBe(0)
    expect(io.out()).toContain('1/2 Denied: ec2:RunInstances')
    expect(io.out()).toContain(
      'call:      RunInstances (us-east-1, 2017-09-07T10:12:44Z, by elasticmapreduce.aws.internal)',
    )
    expect(io.out()).toContain('2/2 Denied: sqs:CreateQueue')
  })

  it('reads `aws cloudtrail lookup-events` output (records as JSON strings in CloudTrailEvent)', async () => {
    const { Records } = JSON.parse(await readFile(SEED_001, 'utf8')) as { Records: object[] }
    const file = path.join(scratch, `harness-explain-${process.pid}-lookup.json`)
    await writeFile(
      file,
      JSON.stringify({ Events: Records.map((r) => ({ EventId: 'x', CloudTrailEvent: JSON.stringify(r) })) }),
    )
    const { code, result } = await explainJson([file])
    expect(code).toBe(0)
    expect(result.explanations.map((e) => e.action)).toEqual(['ec2:RunInstances', 'sqs:CreateQueue'])
  })

  it('a file with failures but no denial says so and exits 2', async () => {
    const file = path.join(scratch, `harness-explain-${process.pid}-nodenial.json`)
    await writeFile(
      file,
      JSON.stringify({ eventName: 'HeadObject', eventSource: 's3.amazonaws.com', errorCode: 'NoSuchKey' }),
    )
    const io = captureIo()
    expect(await main(['explain', file], io)).toBe(2)
    expect(io.out()).toContain('1 CloudTrail record(s), 1 failed, none with an access-denied errorCode')
  })
})

describe('harness explain on messages', () => {
  it('reads stdin: seed 002 EKS add-on denial, flagging a resource no catalogued type matches', async () => {
    const io = captureIo()
    const message =
      'AccessDeniedException: User: arn:aws:sts::123412341234:assumed-role/runner/iam-user is not authorized to perform: eks:TagResource on resource: arn:aws:eks:eu-central-1:123412341234:/createaddon'
    const stdin = { read: async () => Buffer.from(message) }
    const { explainCommand } = await import('../cli/explain-command.js')
    expect(await explainCommand(['--json'], io, stdin)).toBe(0)
    const [explanation] = (JSON.parse(io.out()) as ExplainResult).explanations
    expect(explanation).toMatchObject({
      action: 'eks:TagResource',
      resource: 'arn:aws:eks:eu-central-1:123412341234:/createaddon',
      statement: { Resource: 'arn:aws:eks:eu-central-1:123412341234:/createaddon' },
    })
    expect(explanation?.notes.join('\n')).toMatch(/matches no resource type of eks:TagResource/)
  })

  it.each([
    [
      'explicit deny in an SCP, no statement offered',
      'User: arn:aws:sts::123456789012:assumed-role/harness-minimal/run is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:ca-central-1:123456789012:log-group:x with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/service_control_policy/p-a1',
      {
        cause: 'explicit-deny',
        policyType: 'service control',
        fixWhere: expect.stringMatching(/^no Allow can override/),
      },
    ],
    [
      'permissions boundary',
      'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codecommit:ListRepositories because no permissions boundary allows the codecommit:ListRepositories action',
      { cause: 'permissions-boundary', statement: { Resource: '*' } },
    ],
    [
      'session policy',
      'User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action',
      { cause: 'session-policy' },
    ],
    [
      'resource-based policy',
      'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no resource-based policy allows the s3:GetObject action',
      { cause: 'resource-policy', resource: 'arn:aws:s3:::bucket/key' },
    ],
    [
      'Logs tag-on-create (2022): two candidate actions',
      'User with accountId: 123456789012 is not authorized to perform CreateLogGroup with Tags',
      {
        cause: 'tag-on-create',
        actionCandidates: ['logs:TagResource', 'logs:TagLogGroup'],
        // Either suffices: the statement grants the first, as the drift report's does.
        statement: { Action: ['logs:TagResource'], Resource: 'arn:aws:logs:*:*:log-group:*' },
      },
    ],
    [
      'explicit deny in the identity-based policy, worded with its article',
      'User: arn:aws:sts::123456789012:assumed-role/harness-minimal/run is not authorized to perform: ecr:TagResource on resource: arn:aws:ecr:ca-central-1:123456789012:repository/r with an explicit deny in an identity-based policy',
      { cause: 'explicit-deny', reason: expect.stringContaining('an explicit Deny in an identity-based policy') },
    ],
    [
      'ECR tag-on-create names the extra permission',
      'User: arn:aws:sts::123456789012:assumed-role/harness-minimal/run is not authorized to perform: ecr:TagResource on resource: arn:aws:ecr:ca-central-1:123456789012:repository/harness-repo-x1 because no identity-based policy allows the ecr:TagResource action',
      { cause: 'no-identity-policy', statement: { Action: ['ecr:TagResource'] } },
    ],
  ])('%s', async (_name, message, expected) => {
    const { code, result } = await explainJson([message])
    expect(code).toBe(0)
    expect(result.explanations[0]).toMatchObject(expected)
    // An Allow statement cannot beat an explicit deny, so none is offered then; every other cause gets one.
    expect(result.explanations[0]?.statement === undefined).toBe(expected.cause === 'explicit-deny')
  })

  it('an unreadable message says so, shows what was recognised, and exits 2', async () => {
    const { code, result } = await explainJson([
      '--no-decode',
      'You are not authorized to perform this operation. Encoded authorization failure message: Wp9t5kWpb0BG9zC-wP5y2zTyvKaH0_zx1Q8sVn7p',
    ])
    expect(code).toBe(2)
    expect(result.explanations[0]?.readable).toBe(false)
    expect(result.explanations[0]?.notes).toEqual(
      expect.arrayContaining([
        'encoded authorization message not decoded (--no-decode)',
        expect.stringMatching(/recognised an EC2 encoded authorization message/),
      ]),
    )
  })

  it('bad input: invalid JSON and an empty stdin name the input and exit 2', async () => {
    const file = path.join(scratch, `harness-explain-${process.pid}-bad.json`)
    await writeFile(file, '{ "Records": [')
    const io = captureIo()
    expect(await main(['explain', file], io)).toBe(2)
    expect(io.err()).toMatch(/harness-explain-\d+-bad\.json: looks like JSON but does not parse/)
    const { explainCommand } = await import('../cli/explain-command.js')
    const empty = captureIo()
    await expect(explainCommand([], empty, { read: async () => Buffer.from('  \n') })).rejects.toThrow(
      'stdin: empty input: nothing to explain.',
    )
  })

  it('a mistyped file path is refused as a missing file, not read as a message', async () => {
    const io = captureIo()
    expect(await main(['explain', 'reports/runs/nonexistent.json'], io)).toBe(2)
    expect(io.err()).toContain(
      'reports/runs/nonexistent.json: no such file. To explain a message, pass its text (quoted) or pipe it on stdin.',
    )
    expect(io.out()).toBe('')
  })

  it('a quoted ~/ path is read from the home directory, as the shell would have expanded it', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'harness-explain-home-'))
    await writeFile(
      path.join(home, 'saved.txt'),
      'User: arn:aws:iam::1:user/u is not authorized to perform: logs:TagResource',
    )
    const io = captureIo({ HOME: home })
    expect(await main(['explain', '--no-decode', '~/saved.txt'], io)).toBe(0)
    expect(io.out()).toContain('logs:TagResource')
    await rm(home, { recursive: true, force: true })
  })
})

describe('harness explain decodes an EC2 encoded authorization message through STS', () => {
  // 2023: EC2 still answered with the blob alone (the verbose wording came in 2024).
  const emu = withEmulator({ date: '2023-06-01' })

  it('names the action and resource the blob holds, with the member admin credentials from the environment', async () => {
    const region = 'eu-west-1'
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:DescribeImages']), { region })
    const admin = await memberAdmin(emu, accountId)
    const { Images } = await new EC2Client(emu.clientConfig(region, admin)).send(
      new DescribeImagesCommand({ Owners: ['amazon'] }),
    )
    const denial = await rejection(
      new EC2Client(emu.clientConfig(region, credentials)).send(
        new RunInstancesCommand({
          ImageId: Images![0]!.ImageId!,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          DryRun: true,
        }),
      ),
    )
    expect(denial.message).toMatch(
      /^You are not authorized to perform this operation\. Encoded authorization failure message: \S+$/,
    )
    const env = {
      AWS_ACCESS_KEY_ID: admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      AWS_SESSION_TOKEN: admin.sessionToken,
    }
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      const { code, result, err } = await explainJson(['--endpoint-url', emu.endpoint, denial.message])
      expect(err).toBe('')
      expect(code).toBe(0)
      expect(result.explanations[0]).toMatchObject({
        input: 'message',
        action: 'ec2:RunInstances',
        principal: `arn:aws:sts::${accountId}:assumed-role/harness-minimal/test`,
        statement: { Action: ['ec2:RunInstances'] },
      })
      expect(result.explanations[0]?.notes).toContain(
        'decoded the encoded authorization message through STS DecodeAuthorizationMessage',
      )
      expect(JSON.stringify(result)).not.toContain(admin.secretAccessKey)
    } finally {
      process.env = saved
    }
  })
})

interface ServiceMessageCase {
  service: string
  source: string
  message: string
  expected: Record<string, unknown>
}

const SERVICE_MESSAGES: ServiceMessageCase[] = JSON.parse(
  await readFile(path.join(import.meta.dirname, 'service-messages.cases.json'), 'utf8'),
)

describe('harness explain on real messages from services harness has clients for (sources in the case file)', () => {
  // Given a message quoted in a public thread, when explained, then the action (in the catalogue's spelling) and cause come out.
  it.each(SERVICE_MESSAGES.map((c) => [c.service, c] as const))('%s', async (_service, c) => {
    const { explanations } = await explainInput({ kind: 'message', text: c.message }, undefined)
    expect(explanations[0]).toMatchObject(c.expected)
  })
})

describe('harness explain on a run record (QA)', () => {
  const runId = '2023-02-01T00-00-00-000Z-32278d'
  const repository = 'arn:aws:ecr:ca-central-1:111122223333:repository/harness-repo-32278d-1'
  const message = `User: arn:aws:sts::111122223333:assumed-role/harness-minimal/harness is not authorized to perform: ecr:TagResource on resource: ${repository} because no identity-based policy allows the ecr:TagResource action`
  const denied = {
    action: 'ecr:TagResource',
    resource: repository,
    reason: 'no identity-based policy allows the action',
    policyType: 'identity-based' as const,
  }
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcrCreateTaggedRepository',
        Effect: 'Allow',
        Action: ['ecr:CreateRepository', 'ecr:DeleteRepository'],
        Resource: 'arn:aws:ecr:*:*:repository/harness-repo-*',
      },
    ],
  }
  const input = {
    kind: 'run-record' as const,
    runId,
    policy,
    steps: [
      { scenario: 'ecr/create-tagged-repository', step: 'CreateRepository', region: 'ca-central-1', message, denied },
    ],
    trail: [
      {
        eventName: 'CreateRepository',
        eventSource: 'ecr.amazonaws.com',
        region: 'ca-central-1',
        errorCode: 'AccessDeniedException',
        message,
        denied,
      },
    ],
  }

  it('gives the drift report’s fix, scoped by the declared policy, and explains the call once', async () => {
    const { explanations } = await explainInput(input, undefined)
    expect(explanations).toHaveLength(1)
    // Never this run's own repository name, which the next run does not reuse.
    expect(explanations[0]?.statement).toEqual({
      Effect: 'Allow',
      Action: ['ecr:TagResource'],
      Resource: 'arn:aws:ecr:*:*:repository/harness-repo-*',
    })
    expect(explanations[0]?.notes).toContain(
      'CloudTrail recorded the same call (ecr.amazonaws.com CreateRepository, AccessDeniedException)',
    )
  })

  it('takes a re-probed step’s every attempt in CloudTrail as the same call (review)', async () => {
    const { explanations } = await explainInput({ ...input, trail: [...input.trail, ...input.trail] }, undefined)
    expect(explanations).toHaveLength(1)
    expect(explanations[0]?.notes).toContain(
      'CloudTrail recorded the same call (ecr.amazonaws.com CreateRepository, AccessDeniedException, 2 attempts)',
    )
  })

  describe('an EC2 denial of 2022: the message names no action, the run decoded its blob (QA)', () => {
    const instance = 'arn:aws:ec2:us-east-1:111122223333:instance/*'
    const blob = 'KwA046H4kJVqLkta5kNgWwECyPu8nD9KeH2mfK9EINFLIH7N8_vy9N3F-1PGsSCcfRNXqlUtjqGXyBQLOqm5fpWEJhwq'
    const ec2Message = `You are not authorized to perform this operation. Encoded authorization failure message: ${blob}`
    const recorded = {
      encodedMessage: blob,
      action: 'ec2:CreateTags',
      resource: instance,
      reason: 'no policy allows (decoded message)',
      decoded: true,
    }
    const step = { scenario: 'ec2/run-tagged-instance', step: 'RunInstances', region: 'us-east-1' }
    // Each probe of the step is a CloudTrail event whose action is only inferred from its name (ec2:RunInstances).
    const event = {
      eventName: 'RunInstances',
      eventSource: 'ec2.amazonaws.com',
      region: 'us-east-1',
      errorCode: 'Client.UnauthorizedOperation',
      message: ec2Message,
      denied: { action: 'ec2:RunInstances', operation: 'RunInstances', encodedMessage: blob },
      actionFromEvent: true,
    }
    const ec2Run = {
      kind: 'run-record' as const,
      runId,
      policy: { Version: '2012-10-17', Statement: [] },
      steps: [{ ...step, message: ec2Message, denied: recorded }],
      trail: [event, event],
    }

    it('explains it from the record, without decoding again (--no-decode), with the drift report’s fix', async () => {
      const { explanations } = await explainInput(ec2Run, undefined)
      expect(explanations).toHaveLength(1)
      expect(explanations[0]).toMatchObject({
        readable: true,
        action: 'ec2:CreateTags',
        resource: instance,
        operation: 'RunInstances',
        extraPermission: 'ec2:CreateTags',
        statement: {
          Action: ['ec2:CreateTags'],
          Resource: expect.arrayContaining(['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*']),
          Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
        },
      })
      expect(explanations[0]?.notes).toContain(
        'CloudTrail recorded the same call (ec2.amazonaws.com RunInstances, Client.UnauthorizedOperation, 2 attempts)',
      )
    })
  })

  it('still explains a captured call that is no step of the run', async () => {
    const other = { ...input.trail[0]!, eventName: 'DescribeRepositories' }
    const { explanations } = await explainInput({ ...input, trail: [...input.trail, other] }, undefined)
    expect(explanations.map((e) => e.input)).toEqual(['run-step', 'cloudtrail-event'])
  })
})
