/**
 * A month of nightlies rehearsed in minutes on an emulator of its own (HARNESS_EMULATOR_ENDPOINT), its clock
 * moved a day at a time: the nights are one history, so a regression stays open on a night that cannot see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlHeaders, startTestEmulator, type TestEmulator } from '../emulator/testing.js'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'
import { policyWithout } from './policy-variants.js'

describe('a rehearsal whose emulator clock passes a day ahead of today (QA)', () => {
  let emu: TestEmulator
  let project: Project
  beforeAll(async () => {
    emu = await startTestEmulator()
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'old.json': await policyWithout('ecr:TagResource'),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(async () => {
    await emu?.stop()
    await project?.remove()
  })

  it(
    'keeps the regression open (exit 1) on a throttled night, never a first run that passes',
    async () => {
      const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
      const night = ['run', '--region', 'us-east-1', '--scenario', 'ecr/*']
      expect((await project.run(night, env)).code).toBe(0)
      emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 6 * 60 * 60_000))
      expect((await project.run([...night, '--policy', 'old.json'], env)).code).toBe(1)
      // A day and more ahead of today, and the step throttled: nothing is seen denied tonight.
      emu.state.clock.set(new Date(emu.state.clock.now().getTime() + 24 * 60 * 60_000))
      const faults = [{ service: 'ecr', operation: 'CreateRepository', fault: 'throttle' }]
      await fetch(`${emu.endpoint}/_emulator/faults`, {
        method: 'POST',
        headers: controlHeaders(emu.controlToken),
        body: JSON.stringify(faults),
      })
      const throttled = await project.run([...night, '--policy', 'old.json'], env)
      expect(throttled.stdout).not.toContain('first comparable run')
      expect(throttled.stdout).toMatch(/still denied since/)
      expect(throttled.code).toBe(1)
    },
    E2E_TIMEOUT_MS,
  )
})
