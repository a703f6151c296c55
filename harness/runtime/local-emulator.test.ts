import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResolvedConfig } from '../config/resolve.js'
import { startTestEmulator } from '../emulator/testing.js'
import { allCalls, connectExternalEmulator, startLocalEmulator } from './local-emulator.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-local-emulator-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const withFaults = (faultsFile: string) => ({ emulator: { timeScale: 0.01, faultsFile } }) as unknown as ResolvedConfig

describe('startLocalEmulator with a bad --faults file', () => {
  it('lists each problem once, naming the file, entry and field', async () => {
    // Given a rule with an unknown key and no fault
    const file = path.join(dir, 'faults.json')
    await writeFile(file, JSON.stringify([{ service: 'logs', probability: 5 }]))
    // When the emulator is started, Then it refuses before serving, listing every problem once
    const error = (await startLocalEmulator(withFaults(file)).catch((e: unknown) => e)) as Error
    expect(error).toMatchObject({ code: 'FAULTS_INVALID' })
    expect(error.message).toContain(`fault file ${file}:`)
    expect(error.message.match(/Unrecognized key: "probability"/g)).toHaveLength(1)
    expect(error.message.match(/field "fault": is required/g)).toHaveLength(1)
  })

  it('says a file that is not JSON is not JSON', async () => {
    const file = path.join(dir, 'garbage.json')
    await writeFile(file, 'garbage')
    await expect(startLocalEmulator(withFaults(file))).rejects.toThrow(
      `Cannot read fault file ${file}: not valid JSON (`,
    )
  })
})

describe('allCalls (HARNESS_EMULATOR_DUMP of an emulator of its own)', () => {
  it('follows /calls page by page to the newest call, not only the first page', async () => {
    const asked: string[] = []
    const pages: Record<string, unknown> = {
      'calls?maxResults=10000': { calls: ['oldest'], nextToken: 'p2' },
      'calls?maxResults=10000&nextToken=p2': { calls: ['newest'] },
    }
    const control = async (path: string) => {
      asked.push(path)
      return pages[path]
    }
    expect(await allCalls(control)).toEqual(['oldest', 'newest'])
    expect(asked).toHaveLength(2)
  })
})

describe('connectExternalEmulator (HARNESS_EMULATOR_ENDPOINT)', () => {
  it('says a replay date when the emulator’s clock is a day or more in the past, and none when it is today’s or ahead', async () => {
    const dated = await startTestEmulator({ date: '2022-10-01T00:00:00Z' })
    const today = await startTestEmulator()
    try {
      const replay = await connectExternalEmulator(dated.endpoint)
      expect(replay).toMatchObject({ external: true, timeScale: 0.001 })
      expect(replay.replayDate?.slice(0, 10)).toBe('2022-10-01')
      expect((await connectExternalEmulator(today.endpoint)).replayDate).toBeUndefined()
      today.state.clock.set(new Date(Date.now() + 3 * 60 * 60_000)) // a test moving it by hours
      expect((await connectExternalEmulator(today.endpoint)).replayDate).toBeUndefined()
      // A rehearsal of nights to come, its clock moved days ahead, goes on in today's history (QA).
      today.state.clock.set(new Date(Date.now() + 30 * 24 * 60 * 60_000))
      expect((await connectExternalEmulator(today.endpoint)).replayDate).toBeUndefined()
      today.state.clock.set(new Date(Date.now() - 2 * 24 * 60 * 60_000))
      expect((await connectExternalEmulator(today.endpoint)).replayDate?.slice(0, 10)).toBe(
        new Date(Date.now() - 2 * 24 * 60 * 60_000).toISOString().slice(0, 10),
      )
    } finally {
      await Promise.all([dated.stop(), today.stop()])
    }
  })
})
