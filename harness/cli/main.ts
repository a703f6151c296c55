/**
 * argv → command, and the CLI's single error boundary: a HarnessError becomes its exit code and one
 * clear sentence on stderr; anything else is exit 3 (stack only with HARNESS_DEBUG=1). This is the
 * only module that calls process.exit.
 */
import { EXIT_CODES, HarnessError, isHarnessError } from '../errors.js'
import { redactSecrets } from '../outcomes/redact.js'
import { setOneRunPerProcess } from '../runtime/contained/worker-pool.js'
import { createSignalHandler } from '../runtime/interrupt.js'
import { commandFor } from './commands.js'
import { MAIN_HELP } from './help.js'
import { type CliIo, outliveClosedOutput, processIo, redactingIo, redactProcessOutput } from './io.js'
import { harnessVersion } from './version.js'

export async function main(
  argv: string[],
  io: CliIo,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  io = redactingIo(io)
  try {
    const [first, ...rest] = argv
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(`${MAIN_HELP}\n`)
      return 0
    }
    if (first === '--version' || first === '-v') {
      if (rest.length > 0) throw new HarnessError('USAGE', `${first} takes no arguments, got "${rest.join(' ')}".`)
      io.stdout.write(`${harnessVersion()}\n`)
      return 0
    }
    return await commandFor(first)(rest, io, signal)
  } catch (error) {
    return reportFailure(interruptedCause(error, signal), io)
  }
}

/**
 * Ctrl-C reaches the tools harness runs too (git, during a history pull or push): what then fails
 * failed because of the interrupt, and is said as one (130), not as a broken store (3).
 */
function interruptedCause(error: unknown, signal: AbortSignal): unknown {
  if (!signal.aborted || !isHarnessError(error) || EXIT_CODES[error.code] !== 3) return error
  return new HarnessError('INTERRUPTED', `interrupted: ${error.message}`, { cause: error })
}

/** The last guard against echoing a huge input: no error message is printed past this length. */
const MAX_MESSAGE_CHARS = 4000

function capped(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (${message.length - MAX_MESSAGE_CHARS} more characters not shown)`
}

export function reportFailure(error: unknown, io: CliIo): number {
  if (isHarnessError(error)) {
    io.stderr.write(`harness: ${capped(redactSecrets(error.message))}\n`)
    if (io.env.HARNESS_DEBUG === '1' && error.cause)
      io.stderr.write(`${redactSecrets(String((error.cause as Error).stack ?? error.cause))}\n`)
    return EXIT_CODES[error.code]
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(`harness: unexpected error: ${capped(redactSecrets(message))}\n`)
  if (io.env.HARNESS_DEBUG === '1' && error instanceof Error && error.stack)
    io.stderr.write(`${redactSecrets(error.stack)}\n`)
  else io.stderr.write('(set HARNESS_DEBUG=1 for the stack trace)\n')
  return 3
}

/**
 * Entry from bin.mjs: Ctrl-C or SIGTERM stops new work and cleans up (exit 130); a second one exits at once.
 */
export async function runAsProcess(): Promise<void> {
  redactProcessOutput()
  outliveClosedOutput()
  const controller = new AbortController()
  // `emulator start` handles its own signals (it serves until one arrives).
  if (process.argv[2] !== 'emulator') {
    const onSignal = createSignalHandler({
      abort: () => controller.abort(),
      exit: (code) => process.exit(code),
      warn: (text) => process.stderr.write(text),
    })
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }
  setOneRunPerProcess(true)
  const code = await main(process.argv.slice(2), processIo(), controller.signal)
  process.exit(code)
}
