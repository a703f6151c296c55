import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../config/resolve.js'
import { probeConfig } from './probe.js'

describe('a probe run', () => {
  it('skips the CloudTrail capture (and its delivery wait), whatever the config says, and keeps the rest', () => {
    const { config } = resolveConfig({
      user: { cloudTrailCapture: { waitSeconds: 600 } },
      cwd: '/p',
      env: {},
      flags: {},
    })
    expect(config.cloudTrailCapture.enabled).toBe(true)
    expect(probeConfig(config)).toEqual({ ...config, cloudTrailCapture: { enabled: false } })
  })
})
