// A stand-in `harness` executable for tests whose subject is a script that calls harness (the CI
// workflows), not the harness process: it hands its argv, working directory and environment to the
// test process over a Unix socket (cli-over-socket.ts), which runs the CLI's main() there, and relays
// stdout, stderr and the exit code. Plain JavaScript so it starts in tens of milliseconds.
import net from 'node:net'
import { createInterface } from 'node:readline'

const [socketPath, ...argv] = process.argv.slice(2)
const connection = net.connect(socketPath)
connection.on('error', (error) => {
  process.stderr.write(`harness-client: ${error.message}\n`)
  process.exitCode = 3
})
connection.write(`${JSON.stringify({ argv, cwd: process.cwd(), env: process.env })}\n`)
for await (const line of createInterface({ input: connection })) {
  const message = JSON.parse(line)
  if (message.stdout !== undefined) process.stdout.write(message.stdout)
  else if (message.stderr !== undefined) process.stderr.write(message.stderr)
  else if (message.code !== undefined) {
    process.exitCode = message.code
    connection.end()
  }
}
