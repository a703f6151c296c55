/**
 * The real-AWS mode of minimize (`--target aws`: no call audit, only the steps' recorded calls and AWS's
 * denials), exercised on the embedded emulator through the real SDK so it runs in seconds, every probe in a
 * brand-new account: from logs:* it keeps CreateLogGroup and the TagResource a denial names, narrows both to the
 * log-group ARN format the emulator's definitions give (the audit, knowing names, gets tighter), and a narrowing
 * a probe rejects keeps the input's `*`; from ec2:* with --launch every kept action is narrowed as well.
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
import { asList, type PolicyDocument } from './policy-document.js'
import { createProbe, type Probe } from './probe.js'

const wide = (...services: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: services.map((service) => `${service}:*`), Resource: '*' }],
})

interface Options {
  /** Scenario filters; the input grants `<service>:*` for each (`ec2` runs with --launch). */
  services?: string[]
  wrap?: (probe: Probe) => Probe
}

/** One minimization from a wide policy in its own emulator, whose account quota is raised as minimize's CLI does. */
async function minimizeOn(mode: 'audit' | 'calls', { services = ['logs'], wrap = (probe) => probe }: Options = {}) {
  const reportsDir = await mkdtemp(path.join(tmpdir(), 'harness-minimize-calls-'))
  const config = await loadConfig({
    cwd: REPO_ROOT,
    env: { HARNESS_ACCOUNT_QUOTA: '100' },
    flags: {
      target: 'local',
      regions: ['us-east-1'],
      scenarioFilters: services.map((service) => `${service}/*`),
      launch: services.includes('ec2'),
      reportsDir,
      timeScale: 0.0001,
      emulatorDate: '2026-06-01T00:00:00Z',
    },
  })
  const emulator = await startLocalEmulator(config)
  try {
    const raised = await fetch(`${emulator.endpoint}/_emulator/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${emulator.controlToken}` },
      body: JSON.stringify({ maxAccounts: 100 }),
    })
    expect(raised.ok).toBe(true)
    const scenarios = await collectScenarios(config.scenarioGlobs, config.scenarioFilters)
    const { probe, count } = createProbe({
      config,
      scenarios,
      emulator,
      checksFrom: mode,
      signal: new AbortController().signal,
    })
    const result = await minimizePolicy({
      input: wide(...services),
      source: 'wide.json',
      probe: wrap(probe),
      checks: mode === 'calls' ? 'calls' : 'emulator',
    })
    expect(result.probes).toBe(count())
    return result
  } finally {
    await emulator.stop()
    await rm(reportsDir, { recursive: true, force: true })
  }
}

/** Each (action, resource) the policy grants, sorted. */
const grants = (policy: PolicyDocument) =>
  policy.Statement.flatMap((s) =>
    asList(s.Action).flatMap((action) => asList(s.Resource).map((resource) => `${action} ${resource}`)),
  ).sort()

describe('minimize with the steps’ calls as its only checks (real AWS mode)', () => {
  it('narrows each kept action to its resource type’s real ARN format, and a rejected narrowing stays *', async () => {
    const audited = await minimizeOn('audit')
    const called = await minimizeOn('calls')
    // The audit knows the names the steps used; the calls know only the operations, so the name is a wildcard.
    expect(grants(audited.policy)).toEqual([
      'logs:CreateLogGroup arn:aws:logs:*:*:log-group:harness-lg-*',
      'logs:TagResource arn:aws:logs:*:*:log-group:harness-lg-*',
    ])
    expect(grants(called.policy)).toEqual([
      'logs:CreateLogGroup arn:aws:logs:*:*:log-group:*',
      'logs:TagResource arn:aws:logs:*:*:log-group:*',
    ])
    expect(called.rejectedNarrowings).toEqual([])
    expect(called.lint).toEqual([])

    // An AWS that checks CreateLogGroup on something the implied ARN does not cover: every probe that scopes it
    // fails, so it keeps the input's `*` while TagResource is still narrowed.
    const rejecting = await minimizeOn('calls', {
      wrap: (probe) => async (policy) => {
        const result = await probe(policy)
        const scoped = policy.Statement.some(
          (s) => asList(s.Action).includes('logs:CreateLogGroup') && !asList(s.Resource).includes('*'),
        )
        return scoped ? { ...result, ok: false } : result
      },
    })
    expect(rejecting.rejectedNarrowings.map((n) => n.action)).toEqual(['logs:CreateLogGroup'])
    expect(grants(rejecting.policy)).toEqual(['logs:CreateLogGroup *', 'logs:TagResource arn:aws:logs:*:*:log-group:*'])
  }, 120_000)

  it('with --launch narrows every EC2 action too: RunInstances by its definition, TerminateInstances by the catalogue, CreateTags by its denials', async () => {
    const called = await minimizeOn('calls', { services: ['ec2'] })
    expect(grants(called.policy)).toEqual([
      'ec2:CreateTags arn:aws:ec2:*:*:instance/*',
      'ec2:CreateTags arn:aws:ec2:*:*:volume/*',
      'ec2:RunInstances arn:aws:ec2:*:*:instance/*',
      'ec2:RunInstances arn:aws:ec2:*:*:network-interface/*',
      'ec2:RunInstances arn:aws:ec2:*:*:security-group/*',
      'ec2:RunInstances arn:aws:ec2:*:*:subnet/*',
      'ec2:RunInstances arn:aws:ec2:*:*:volume/*',
      'ec2:RunInstances arn:aws:ec2:*::image/*',
      'ec2:TerminateInstances arn:aws:ec2:*:*:instance/*',
    ])
    const createTags = called.policy.Statement.find((s) => asList(s.Action).includes('ec2:CreateTags'))
    expect(createTags?.Condition).toEqual({ StringEquals: { 'ec2:CreateAction': 'RunInstances' } })
    expect(called.rejectedNarrowings).toEqual([])
    expect(called.lint).toEqual([])
  }, 120_000)
})
