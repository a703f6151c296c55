/**
 * The shape of harness.config.ts (UserConfig) and its validation. Validation collects every problem,
 * each naming the file and the field path, so a user fixes their config in one pass.
 */
import { z } from 'zod'
import { isAccountEmail } from '../accounts/naming.js'
import { closest } from '../closest.js'
import { isKnownRegion } from '../emulator/core/regions.js'
import { parseHistoryLocation } from './history-location.js'
import { EMULATOR_DATE_RULE, isEmulatorDate } from './iso-date.js'

const regionName = z
  .string()
  .refine(isKnownRegion, { error: (issue) => `${JSON.stringify(issue.input)} is not a known AWS commercial region` })
/** What {id} becomes: the run id, lower-cased (e.g. 2026-11-22t10-59-55z-6d24a9). */
const SAMPLE_ACCOUNT_ID_SUFFIX = '2026-01-01t00-00-00z-000000'
const emailTemplate = z
  .string()
  .includes('{id}', { message: 'must contain {id}' })
  .refine(
    (template) => !template.includes('{id}') || isAccountEmail(template.replaceAll('{id}', SAMPLE_ACCOUNT_ID_SUFFIX)),
    {
      message: `does not give a valid account email once {id} is filled in (e.g. {id} → ${SAMPLE_ACCOUNT_ID_SUFFIX}; 6–64 characters, name@domain.tld)`,
    },
  )

const emulatorDate = z.string().refine(isEmulatorDate, { message: `is not ${EMULATOR_DATE_RULE}` })

/**
 * Organizations' Tag (API_Tag): key 1–128 and value 0–256 characters of ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$; the
 * aws: prefix is AWS's; 50 tags per account, 3 of them harness's own (accounts/vend.ts). Checked here, not
 * by the CreateAccount that would refuse them after the run has started.
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TAG_TEXT_RULE = 'letters, digits, spaces and _ . : / = + - @ only'
const MAX_USER_ACCOUNT_TAGS = 47
const accountTags = z
  .record(
    z
      .string()
      .min(1)
      .max(128)
      .regex(TAG_TEXT, `a tag key has ${TAG_TEXT_RULE}`)
      .refine((key) => !/^aws:/i.test(key), 'tag keys starting aws: are reserved for AWS')
      .refine(
        (key) => !key.startsWith('harness:'),
        "harness: tag keys are harness's own (harness:managed, harness:run-id, harness:after-run)",
      ),
    z.string().max(256).regex(TAG_TEXT, `a tag value has ${TAG_TEXT_RULE}`),
  )
  .refine((tags) => Object.keys(tags).length <= MAX_USER_ACCOUNT_TAGS, {
    message: `at most ${MAX_USER_ACCOUNT_TAGS} tags: Organizations allows 50 per account, and harness adds 3`,
  })

export const userConfigSchema = z.strictObject({
  target: z.enum(['local', 'aws']).optional(),
  aws: z
    .strictObject({
      profile: z.string().min(1).optional(),
      roleArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
        .optional(),
      homeRegion: regionName.optional(),
    })
    .optional(),
  accounts: z
    .strictObject({
      emailTemplate: emailTemplate.optional(),
      namePrefix: z.string().min(1).max(30).optional(),
      organizationalUnitId: z
        .string()
        .regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'must be an OU id like ou-ab12-cdef3456')
        .optional(),
      tags: accountTags.optional(),
      afterRun: z.enum(['keep', 'close']).optional(),
      /** 'pool' plans freshness across kept accounts (harness plan); 'per-run' vends one account per run. */
      strategy: z.enum(['pool', 'per-run']).optional(),
      /** Pool: test each (scenario, region) in a fresh account at least every N nights. */
      freshEvery: z.number().int().min(1).max(365).optional(),
      /** Pool: account slots the planner never fills (default 1). */
      reserve: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  regions: z.array(regionName).min(1).optional(),
  policy: z.string().min(1).optional(),
  /** Per-step timeout and per-scenario deadline (each scenario runs in its own worker thread). */
  limits: z
    .strictObject({
      stepTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
      scenarioTimeoutSeconds: z.number().int().min(1).max(86_400).optional(),
      /**
       * How long a scenario's thread gets, past its deadline or an interrupt, to wind down (run its own
       * cleanups) before it is terminated. Fractions allowed: a test of a busy loop needs no minute.
       */
      windDownSeconds: z.number().min(0.1).max(600).optional(),
    })
    .optional(),
  permissionsBoundary: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/, 'must be an IAM policy ARN')
    .optional(),
  scenarios: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  reportsDir: z.string().min(1).optional(),
  /** Where run history lives: 'git:<remote>#<branch>' or a directory (default: the reports directory). */
  history: z
    .string()
    .superRefine((spec, ctx) => {
      const parsed = parseHistoryLocation(spec, '.')
      if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem })
    })
    .optional(),
  /** The release gate warns when the nightly run it compares with is older than this. */
  releaseGate: z
    .strictObject({
      maxBaselineAgeHours: z
        .number()
        .positive()
        .max(24 * 366)
        .optional(),
    })
    .optional(),
  emulator: z
    .strictObject({
      date: emulatorDate.optional(),
      timeScale: z.number().positive().max(1000).optional(),
      timeline: z.string().min(1).optional(),
      faults: z.string().min(1).optional(),
      /** Extra seconds (real-AWS, before --time-scale) before a role's policy is in force in a region. */
      iamPropagationByRegion: z.record(regionName, z.number().min(0).max(3600)).optional(),
      /** Seconds (real-AWS, before --time-scale) before a new or changed role or policy is in force (default 10). */
      iamPropagation: z.number().positive().max(3600).optional(),
    })
    .optional(),
  launch: z.boolean().optional(),
  /** After a run with denials, try the suggested merged patch in a fresh account and report whether it fixes them. */
  verifyFix: z.boolean().optional(),
  /** Re-checks of a step that was allowed in its baseline and is denied now: seconds to wait before each. */
  denialProbes: z.strictObject({ waitsSeconds: z.array(z.number().min(0).max(3600)).max(10) }).optional(),
  /**
   * After the steps, denied calls are looked up in the account's CloudTrail. On AWS harness first waits for
   * delivery (default 300 s, CloudTrail's documented average); `false` skips the capture.
   */
  cloudTrailCapture: z
    .union([z.literal(false), z.strictObject({ waitSeconds: z.number().min(0).max(3600).optional() })])
    .optional(),
})

/** What users write in harness.config.ts (every field optional). */
export type UserConfig = z.input<typeof userConfigSchema>

/** One validation problem: where (file or env var or flag), which field, what is wrong. */
export interface ConfigProblem {
  source: string
  path: string
  message: string
}

export interface Validated<T> {
  value?: T
  errors: ConfigProblem[]
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`
    return text ? `${text}.${String(key)}` : String(key)
  }, '')
}

export function validateUserConfig(input: unknown, source: string): Validated<UserConfig> {
  const result = userConfigSchema.safeParse(input)
  if (result.success) return { value: result.data, errors: [] }
  const errors = result.error.issues.map((issue) => ({
    source,
    path: formatPath(issue.path) || '(root)',
    message: describeIssue(issue),
  }))
  return { errors }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s): ${issue.keys.map((key) => withSuggestion(key, issue.path)).join(', ')}`
  return issue.message
}

/** `reportDir (did you mean reportsDir?)`: the fields the object at `path` does know, against the typo. */
function withSuggestion(key: string, path: readonly PropertyKey[]): string {
  const suggestion = closest(key, Object.keys(shapeAt(path)))
  return suggestion ? `${key} (did you mean ${suggestion}?)` : key
}

/** The object schema at `path` of the config, through optional and default wrappers and arrays; {} when unknown. */
function shapeAt(path: readonly PropertyKey[]): Record<string, unknown> {
  type Node = { shape?: Record<string, Node>; _zod?: { def?: { innerType?: Node; element?: Node } } }
  const unwrap = (node: Node | undefined): Node | undefined => {
    let current = node
    while (current?._zod?.def?.innerType) current = current._zod.def.innerType
    return current
  }
  let node = unwrap(userConfigSchema as unknown as Node)
  for (const key of path) node = unwrap(typeof key === 'number' ? node?._zod?.def?.element : node?.shape?.[String(key)])
  return node?.shape ?? {}
}

export function formatProblems(problems: ConfigProblem[]): string {
  return problems.map((p) => `${p.source}: ${p.path}: ${p.message}`).join('\n')
}
