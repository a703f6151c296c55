/**
 * The real-AWS mode of minimize (`--target aws`: no call audit, only the steps' own calls and AWS's denials),
 * exercised on the embedded emulator through the real SDK so it runs in seconds: from logs:* it keeps
 * logs:CreateLogGroup and learns the tag-on-create permission from the denial that names it, every probe in a
 * brand-new account, and leaves the resources as the input had them.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.js'
import { REPO_ROOT } from '../e2e/cli-project.js'
import { collectScenarios } from '../runtime/collect.js'
import { startLocalEmulator } from '../runtime/local-emulator.js'
import { minimizePolicy } from './minimize.js'
import type { PolicyDocument } from './policy-document.js'
import { createProbe } from './probe.js'

const WIDE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:*'], Resource: '*' }],
}

describe('minimize with the steps’ calls as its only checks (real AWS mode)', () => {
  it('keeps CreateLogGroup, learns the tag permission from the denial, and narrows no resource', async () => {
    const reportsDir = await mkdtemp(path.join(tmpdir(), 'harness-minimize-calls-'))
    const config = await loadConfig({
      cwd: REPO_ROOT,
      env: {},
      flags: {
        target: 'local',
        regions: ['us-east-1'],
        scenarioFilters: ['logs/*'],
        reportsDir,
        timeScale: 0.0001,
        emulatorDate: '2026-06-01T00:00:00Z',
      },
    })
    const emulator = await startLocalEmulator(config)
    try {
      const scenarios = await collectScenarios(config.scenarioGlobs, config.scenarioFilters)
      const { probe, count } = createProbe({
        config: { ...config, cloudTrailCapture: { enabled: false } },
        scenarios,
        emulator,
        checksFrom: 'calls',
        signal: new AbortController().signal,
      })
      const progress: string[] = []
      const result = await minimizePolicy({
        input: WIDE,
        source: 'wide.json',
        probe,
        checks: 'calls',
        onProgress: (text) => progress.push(text),
      })
      const actions = result.policy.Statement.flatMap((s) => [s.Action].flat()).sort()
      expect(actions[0]).toBe('logs:CreateLogGroup')
      expect(actions[1]).toBe('logs:TagResource')
      expect(actions).toHaveLength(2)
      expect(result.policy.Statement.every((s) => s.Resource === '*')).toBe(true)
      expect(progress).toContain('a denial named logs:TagResource, which no call made: keeping it too')
      expect(result.probes).toBe(count())
    } finally {
      await emulator.stop()
      await rm(reportsDir, { recursive: true, force: true })
    }
  }, 120_000)
})
