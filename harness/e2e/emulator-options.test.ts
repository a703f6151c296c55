/**
 * The emulator options of `harness run`: a user timeline (from the config file) rehearses a
 * hypothetical AWS change and the diff catches it; malformed timeline and fault files are exit 2
 * naming the file and entry.
 */
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, runCli, shippedConfig } from './cli-project.js'

let project: Project | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

const hypotheticalChange = {
  id: 'rehearsal-ec2-run-instances-needs-describe-images',
  title: 'Hypothetical: RunInstances also needs ec2:DescribeImages',
  source: 'e2e rehearsal',
  operations: ['ec2:RunInstances'],
  effect: { kind: 'require-check', checks: { action: 'ec2:DescribeImages', resource: '*' } },
  where: { regions: ['eu-west-1'] },
  who: 'all-accounts',
  from: '2020-01-01',
}

describe('emulator options', () => {
  it(
    'rehearses a hypothetical change from the config timeline: the EC2 step regresses in that region only',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'rehearsal.config.ts': shippedConfig({ emulator: { timeScale: 0.0005, timeline: 'timeline.json' } }),
        'timeline.json': JSON.stringify([hypotheticalChange]),
      })
      const baseline = await project.run(['run', '--region', 'eu-west-1,us-west-2', '--scenario', 'ec2/*'])
      expect(baseline.code).toBe(0)
      const rehearsal = await project.run([
        'run',
        '--region',
        'eu-west-1,us-west-2',
        '--scenario',
        'ec2/*',
        '--config',
        'rehearsal.config.ts',
      ])
      expect(rehearsal.stderr).toBe('')
      expect(rehearsal.code).toBe(1)
      const drift = JSON.parse(await project.read('reports/drift.json'))
      const byRegion = Object.fromEntries(
        drift.changes.map((c: { region: string; change: string }) => [c.region, c.change]),
      )
      expect(byRegion).toEqual({ 'eu-west-1': 'regression', 'us-west-2': 'unchanged' })
      expect(await project.read('reports/drift.md')).toContain('ec2:DescribeImages')
      expect(leftovers(rehearsal.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a malformed timeline file is exit 2 naming the file and the entry',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'timeline.json': JSON.stringify([{ ...hypotheticalChange, from: 'someday' }]),
      })
      const result = await project.run(['run', '--timeline', 'timeline.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`${project.dir}/timeline.json`)
      expect(result.stderr).toMatch(/from/)
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'a malformed faults file is exit 2 naming the file',
    async () => {
      project = await createProject({
        'harness.config.ts': shippedConfig(),
        'faults.json': JSON.stringify([{ service: 'logs', fault: 'meteor-strike' }]),
      })
      const result = await project.run(['run', '--faults', 'faults.json'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`${project.dir}/faults.json`)
    },
    E2E_TIMEOUT_MS,
  )
})

describe('harness emulator start', () => {
  it(
    'on a port already in use is exit 3 (infrastructure), never 1 (which means a regression)',
    async () => {
      // Given something already listening on the port
      const blocker = createServer()
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
      const { port } = blocker.address() as { port: number }
      try {
        // When the emulator is started there, Then it says so and exits 3
        const result = await runCli(['emulator', 'start', '--port', String(port)], process.cwd())
        expect(result.code).toBe(3)
        expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}`)
        expect(result.stderr).toContain('EADDRINUSE')
      } finally {
        blocker.close()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
