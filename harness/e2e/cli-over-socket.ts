/**
 * The CLI in the test process for scripts that call `$HARNESS` (the CI workflows): `command` is a tiny
 * client (harness-client.mjs) that sends its argv, cwd and environment here, where main() runs them as
 * the executable would (same argument parsing, config loading, emulator, reports and exit code), and
 * streams the output back. It saves a CLI start-up and a scenario-thread start-up (seconds of CPU) per
 * call; tests of the process itself (signals, kill -9, exit through bin) use the real executable.
 */
import { rm } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'

const CLIENT = path.join(import.meta.dirname, 'harness-client.mjs')

interface Request {
  argv: string[]
  cwd: string
  env: NodeJS.ProcessEnv
}

export interface CliOverSocket {
  /** Put in $HARNESS: word-split by the shell, so the socket's directory must have no spaces. */
  command: string
  close(): Promise<void>
}

export async function serveCliOverSocket(dir: string): Promise<CliOverSocket> {
  const socketPath = path.join(dir, 'harness.sock')
  const server = net.createServer((connection) => void answer(connection))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, resolve)
  })
  return {
    command: `${process.execPath} ${CLIENT} ${socketPath}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      await rm(socketPath, { force: true })
    },
  }
}

async function answer(connection: net.Socket): Promise<void> {
  const lines = createInterface({ input: connection })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done) return
  const request = JSON.parse(first.value) as Request
  const send = (message: object) => connection.write(`${JSON.stringify(message)}\n`)
  const { main } = await import('../cli/main.js')
  const io = {
    stdout: { write: (text: string) => send({ stdout: text }) },
    stderr: { write: (text: string) => send({ stderr: text }) },
    env: request.env,
    cwd: request.cwd,
  }
  let code: number
  try {
    code = await main(request.argv, io, new AbortController().signal)
  } catch (error) {
    send({ stderr: `harness (in the test process) threw: ${error instanceof Error ? error.stack : String(error)}\n` })
    code = 3
  }
  send({ code })
  connection.end()
}
