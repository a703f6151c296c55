/**
 * PutAccountSetting, PutAccountSettingDefault, ListAccountSettings for `tagResourceAuthorization`
 * (and the other names ECS accepts). The emulator keeps one value per account and region: the
 * per-principal overrides ECS also supports are stored at account level.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#tag-resources-setting
 */
import { requireString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { invalidParameter } from './errors.js'
import { ecsStore } from './store.js'

const SETTING_NAMES = [
  'serviceLongArnFormat',
  'taskLongArnFormat',
  'containerInstanceLongArnFormat',
  'awsvpcTrunking',
  'containerInsights',
  'fargateFIPSMode',
  'tagResourceAuthorization',
  'fargateTaskRetirementWaitPeriod',
  'guardDutyActivate',
  'defaultLogDriverMode',
] as const

/** Before it was turned on for everyone (see the timeline), new accounts started with it off. */
const DEFAULTS: Record<string, string> = {
  tagResourceAuthorization: 'off',
  serviceLongArnFormat: 'enabled',
  taskLongArnFormat: 'enabled',
}

export function isTagResourceAuthorizationOn(ctx: RequestContext): boolean {
  return ecsStore(ctx).settings.get('tagResourceAuthorization') === 'on'
}

function put(ctx: RequestContext) {
  const name = requireString(ctx, 'name', { oneOf: SETTING_NAMES })
  const value = requireString(ctx, 'value')
  if (name === 'tagResourceAuthorization' && value !== 'on' && value !== 'off') {
    throw invalidParameter('Value for tagResourceAuthorization must be one of: on, off.')
  }
  ecsStore(ctx).settings.set(name, value)
  return { setting: { name, value, principalArn: ctx.caller.arn, type: 'user' } }
}

export const putAccountSetting = put
export const putAccountSettingDefault = put

export function listAccountSettings(ctx: RequestContext) {
  const store = ecsStore(ctx).settings
  const names =
    typeof ctx.params.name === 'string' ? [ctx.params.name] : Object.keys({ ...DEFAULTS, ...Object.fromEntries(store) })
  return {
    settings: names.map((name) => ({
      name,
      value: store.get(name) ?? DEFAULTS[name] ?? 'disabled',
      principalArn: ctx.caller.arn,
      type: store.has(name) ? 'user' : 'aws_managed',
    })),
  }
}
