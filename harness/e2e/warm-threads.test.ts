/**
 * Scenario threads start while the account's role and regions are readied, not once a region is ready:
 * a thread costs over a second to start, which would otherwise come before every region's first step.
 * Observed through Node's process 'worker' event against the run's own progress lines, never a clock.
 * This file runs one run only: a spare thread left by an earlier run in the process would be reused
 * and no thread would start at all.
 */
import type { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, type Project, shippedConfig } from './cli-project.js'

describe('scenario threads are warm when the region is ready', () => {
  let project: Project
  let stdout = ''
  let code: number
  /** How much of stdout had been written when each scenario thread was created. */
  const threadsStartedAt: number[] = []
  const onWorker = (_worker: Worker) => threadsStartedAt.push(stdout.length)

  beforeAll(async () => {
    project = await createProject({ 'harness.config.ts': shippedConfig() })
    process.on('worker', onWorker)
    const { main } = await import('../cli/main.js')
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => undefined },
      env: { ...process.env, CI: 'true' },
      cwd: project.dir,
    }
    code = await main(
      ['run', '--region', 'ap-east-1,us-east-1', '--concurrency', '2'],
      io,
      new AbortController().signal,
    )
  }, E2E_TIMEOUT_MS)
  afterAll(async () => {
    process.off('worker', onWorker)
    await project.remove()
  })

  it('starts one thread per concurrent region before the role or any region is ready', () => {
    expect(code).toBe(0)
    const firstReady = Math.min(
      ...[/\[\S+\] region ready/, /role: \S+ assumable/]
        .map((pattern) => stdout.search(pattern))
        .filter((at) => at >= 0),
    )
    expect(Number.isFinite(firstReady)).toBe(true)
    expect(threadsStartedAt.length).toBeGreaterThanOrEqual(2)
    expect(threadsStartedAt.slice(0, 2).every((at) => at < firstReady)).toBe(true)
  })
})
