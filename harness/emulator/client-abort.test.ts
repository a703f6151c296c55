import net from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type RunningEmulator, startEmulator } from './server.js'

let emulator: RunningEmulator | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await emulator?.stop()
  emulator = undefined
})

/** Sends a request that promises 100 body bytes, sends 3 and hangs up. */
function hangUpMidBody(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc')
      setTimeout(() => socket.destroy(), 50)
    })
    socket.on('close', () => resolve())
    socket.on('error', () => resolve())
  })
}

describe('a client that hangs up mid-request', () => {
  it('is not logged as an emulator failure, and the emulator keeps serving', async () => {
    // Given a running emulator whose stderr is watched
    emulator = await startEmulator({ port: 0 })
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    // When a client sends half a request body and disconnects
    await hangUpMidBody(emulator.port)
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Then nothing is logged and the next request is answered
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).not.toMatch(/request failed/)
    const health = await fetch(`${emulator.endpoint}/_emulator/health`)
    expect(health.status).toBe(200)
  })
})
