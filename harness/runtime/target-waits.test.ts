import { describe, expect, it, vi } from 'vitest'
import { AWS_CLOUDTRAIL_DELIVERY_WAIT_MS } from '../capture/capture-trail.js'
import { resolveConfig } from '../config/resolve.js'
import type { UserConfig } from '../config/schema.js'
import { startTestEmulator } from '../emulator/testing.js'
import {
  cloudTrailDeliveryWaitMs,
  cloudTrailPageIntervalMs,
  denialProbesOn,
  REPROBE_DENIAL_AFTER_MS,
  reprobeDenialAfterMs,
} from './target-waits.js'

const settings = (user: UserConfig) => ({
  config: resolveConfig({
    user: { accounts: { emailTemplate: 'ops+{id}@example.com' }, ...user },
    cwd: '/p',
    env: {},
    flags: {},
  }).config,
})
const aws = settings({ target: 'aws' })
const REAL_AWS = {}
const EMULATOR_AS_AWS = { timeScale: 0.001 }

describe('the second look at a denial never allowed before', () => {
  it('waits 15 s on real AWS, on the scale of an emulator posing as AWS, and not at all on the embedded emulator', () => {
    expect(reprobeDenialAfterMs(aws, REAL_AWS)).toBe(REPROBE_DENIAL_AFTER_MS)
    expect(reprobeDenialAfterMs(aws, EMULATOR_AS_AWS)).toBe(15)
    expect(reprobeDenialAfterMs(settings({ target: 'local' }), { timeScale: 0.001 })).toBeUndefined()
  })
})

describe('the re-checks of a denial allowed in its baseline', () => {
  const steps = new Set(['logs/create\u0000CreateLogGroup\u0000ap-east-1'])
  it('wait the configured seconds on real AWS and on the clock of an emulator, embedded or posing as AWS', () => {
    const probed = (user: UserConfig) => ({ ...settings(user), probedSteps: steps })
    expect(denialProbesOn(probed({ target: 'aws' }), REAL_AWS)).toEqual({ steps, waitsMs: [15_000, 45_000, 120_000] })
    expect(denialProbesOn(probed({ target: 'aws' }), EMULATOR_AS_AWS)).toEqual({ steps, waitsMs: [15, 45, 120] })
    const local = probed({ target: 'local', denialProbes: { waitsSeconds: [10] } })
    expect(denialProbesOn(local, { timeScale: 0.01 })).toEqual({ steps, waitsMs: [100] })
    expect(denialProbesOn(settings({ target: 'aws' }), REAL_AWS)).toBeUndefined()
  })
})

describe('the CloudTrail delivery wait', () => {
  it('on --target aws: the configured wait, else the documented 5 minutes on AWS and their scaled length behind a custom endpoint', async () => {
    expect(await cloudTrailDeliveryWaitMs(aws, REAL_AWS)).toBe(AWS_CLOUDTRAIL_DELIVERY_WAIT_MS)
    expect(await cloudTrailDeliveryWaitMs(aws, EMULATOR_AS_AWS)).toBe(301)
    const configured = settings({ target: 'aws', cloudTrailCapture: { waitSeconds: 2 } })
    expect(await cloudTrailDeliveryWaitMs(configured, EMULATOR_AS_AWS)).toBe(2000)
    expect(await cloudTrailDeliveryWaitMs(configured, REAL_AWS)).toBe(2000)
  })

  it('on the embedded emulator: its own delivery delay on its time scale', async () => {
    const emulator = await startTestEmulator({ timeScale: 0.002, durations: { cloudTrailDeliveryMs: 60_000 } })
    try {
      const local = { ...settings({ target: 'local', emulator: { timeScale: 0.002 } }), emulator }
      // Read in this process: no fetch(), whose first use loads undici after the run's last step.
      const fetches = vi.spyOn(globalThis, 'fetch')
      expect(await cloudTrailDeliveryWaitMs(local, {})).toBe(121)
      expect(fetches).not.toHaveBeenCalled()
      fetches.mockRestore()
    } finally {
      await emulator.stop()
    }
  })

  it('on an emulator of its own (HARNESS_EMULATOR_ENDPOINT): on that emulator’s time scale, not the config’s', async () => {
    const emulator = await startTestEmulator({ timeScale: 0.002, durations: { cloudTrailDeliveryMs: 60_000 } })
    try {
      // The config keeps its default scale (0.01); the emulator runs at 0.002, as connectExternalEmulator read it.
      const external = { ...settings({ target: 'local' }), emulator: { ...emulator, timeScale: 0.002, external: true } }
      expect(await cloudTrailDeliveryWaitMs(external, { timeScale: 0.002 })).toBe(121)
    } finally {
      await emulator.stop()
    }
  })
})

describe('the pause between CloudTrail pages', () => {
  it('keeps to LookupEvents’ 2 requests per second on AWS, on the emulator’s clock there', () => {
    expect(cloudTrailPageIntervalMs(REAL_AWS)).toBe(500)
    expect(cloudTrailPageIntervalMs({ timeScale: 0.0005 })).toBe(1)
  })
})
