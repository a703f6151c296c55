/**
 * Requests signed too far from AWS's clock, through the real SDK clients with a skewed clock
 * (`systemClockOffset`): each protocol answers as AWS does (sources: harness/emulator/FACTS.md), the
 * window is measured on the real clock whatever date the emulator simulates, and the SDK's own clock
 * correction (it reads the response's Date header, or S3's ServerTime) lands on real time.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { type ClientConfig, failure, withEmulator } from '../testing.js'

const MINUTE = 60_000
const YEARS_AGO = -2 * 365 * 24 * 60 * MINUTE
const AN_HOUR_AHEAD = 60 * MINUTE

type Skewed = ClientConfig & { systemClockOffset: number }

/** A client on a skewed clock: its call, and the clock offset the SDK holds now. */
interface Opened {
  call(): Promise<unknown>
  offset(): number
}

function opener<C extends { config: { systemClockOffset: number } }>(
  create: (config: Skewed) => C,
  send: (client: C) => Promise<unknown>,
): (config: Skewed) => Opened {
  return (config) => {
    const client = create(config)
    return { call: () => send(client), offset: () => client.config.systemClockOffset }
  }
}

interface Case {
  service: string
  open(config: Skewed): Opened
  name: string
  status: number
  /** How many minutes AWS allows; the message quotes it. */
  window: number
  /** The "Signature expired" / "not yet current" texts; EC2 and S3 answer fixed texts instead. */
  quotesDates: boolean
}

const CASES: Case[] = [
  {
    service: 'json (Logs)',
    open: opener(
      (c) => new CloudWatchLogsClient(c),
      (client) => client.send(new DescribeLogGroupsCommand({})),
    ),
    name: 'InvalidSignatureException',
    status: 400,
    window: 15,
    quotesDates: true,
  },
  {
    service: 'rest-json (Lambda)',
    open: opener(
      (c) => new LambdaClient(c),
      (client) => client.send(new ListFunctionsCommand({})),
    ),
    name: 'InvalidSignatureException',
    status: 403,
    window: 5,
    quotesDates: true,
  },
  {
    service: 'query (STS)',
    open: opener(
      (c) => new STSClient(c),
      (client) => client.send(new GetCallerIdentityCommand({})),
    ),
    name: 'SignatureDoesNotMatch',
    status: 403,
    window: 15,
    quotesDates: true,
  },
  {
    service: 'query (SNS)',
    open: opener(
      (c) => new SNSClient(c),
      (client) => client.send(new ListTopicsCommand({})),
    ),
    name: 'SignatureDoesNotMatch',
    status: 403,
    window: 15,
    quotesDates: true,
  },
  {
    service: 'ec2',
    open: opener(
      (c) => new EC2Client(c),
      (client) => client.send(new DescribeVpcsCommand({})),
    ),
    name: 'RequestExpired',
    status: 400,
    window: 15,
    quotesDates: false,
  },
  {
    service: 'rest-xml (S3)',
    open: opener(
      (c) => new S3Client({ ...c, forcePathStyle: true }),
      (client) => client.send(new ListBucketsCommand({})),
    ),
    name: 'RequestTimeTooSkewed',
    status: 403,
    window: 15,
    quotesDates: false,
  },
]

const STAMP = '(\\d{8}T\\d{6}Z)'
const parseStamp = (text: string) =>
  Date.parse(text.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'))

/** The quoted server time is real time, and the quoted bound is it ∓ the window. */
function expectQuotedTimes(message: string, sign: '-' | '+', window: number): void {
  const verb = sign === '-' ? 'Signature expired: ' : 'Signature not yet current: '
  const relation = sign === '-' ? 'is now earlier than' : 'is still later than'
  const pattern = new RegExp(`^${verb}${STAMP} ${relation} ${STAMP} \\(${STAMP} \\${sign} ${window} min\\.\\)$`)
  const [, , bound, server] = pattern.exec(message) ?? []
  expect(message).toMatch(pattern)
  expect(Math.abs(parseStamp(server!) - Date.now())).toBeLessThan(MINUTE)
  expect(parseStamp(bound!) - parseStamp(server!)).toBe((sign === '-' ? -1 : 1) * window * MINUTE)
}

describe('a request signed outside AWS time window', () => {
  // The emulator simulates 2022, as replays do: the window is still measured on the real clock.
  const emu = withEmulator({ date: '2022-10-01T00:00:00Z' })
  const config = (offsetMs: number, maxAttempts = 1): Skewed => ({
    ...emu.clientConfig('us-east-1'),
    systemClockOffset: offsetMs,
    maxAttempts,
  })

  it.each(CASES)('$service: signed two years ago → $name ($status); inside its window → served', async (testCase) => {
    await expect(testCase.open(config(-(testCase.window - 1) * MINUTE)).call()).resolves.toBeDefined()
    const error = await failure(testCase.open(config(YEARS_AGO)).call())
    expect(error.name).toBe(testCase.name)
    expect(error.$metadata.httpStatusCode).toBe(testCase.status)
    if (testCase.quotesDates) expectQuotedTimes(error.message, '-', testCase.window)
    if (testCase.name === 'RequestExpired') expect(error.message).toBe('Request has expired.')
    if (testCase.name === 'RequestTimeTooSkewed') {
      expect(error.message).toBe('The difference between the request time and the current time is too large.')
      expect(error.MaxAllowedSkewMilliseconds).toBe('900000')
      expect(Math.abs(Date.parse(error.ServerTime) - Date.now())).toBeLessThan(MINUTE)
      expect(Date.now() - parseStamp(error.RequestTime)).toBeGreaterThan(365 * 24 * 60 * MINUTE)
    }
  })

  it.each(CASES)('$service: signed an hour ahead → $name ($status); inside its window → served', async (testCase) => {
    await expect(testCase.open(config((testCase.window - 1) * MINUTE)).call()).resolves.toBeDefined()
    const error = await failure(testCase.open(config(AN_HOUR_AHEAD)).call())
    expect(error.name).toBe(testCase.name)
    expect(error.$metadata.httpStatusCode).toBe(testCase.status)
    if (testCase.quotesDates) expectQuotedTimes(error.message, '+', testCase.window)
  })

  it('Lambda allows 5 minutes where Logs allows 15', async () => {
    const sixMinutesAgo = config(-6 * MINUTE)
    await expect(CASES[0]!.open(sixMinutesAgo).call()).resolves.toBeDefined()
    expect((await failure(CASES[1]!.open(sixMinutesAgo).call())).name).toBe('InvalidSignatureException')
  })

  // The SDK resets its clock offset from the Date header of a skew error (S3: from ServerTime first): the
  // emulator's Date header is Node's, real time, so the next call lands inside the window, not in 2022.
  it.each(CASES)('$service: the SDK corrects its clock from the answer; its next call is served', async (testCase) => {
    const skewed = testCase.open(config(YEARS_AGO))
    await failure(skewed.call())
    expect(Math.abs(skewed.offset())).toBeLessThan(MINUTE)
    await expect(skewed.call()).resolves.toBeDefined()
  })

  it('the SDK retries an expired signature on its corrected clock', async () => {
    await expect(CASES[0]!.open(config(YEARS_AGO, 2)).call()).resolves.toMatchObject({ $metadata: { attempts: 2 } })
  })
})
