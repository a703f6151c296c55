/** Command name → implementation. Commands are loaded lazily so `harness --help` stays fast. */
import { closest } from '../closest.js'
import { HarnessError } from '../errors.js'
import { EMULATOR_HELP } from './help.js'
import type { CliIo } from './io.js'

export type Command = (args: string[], io: CliIo, signal: AbortSignal) => Promise<number>

const COMMANDS: Record<string, Command> = {
  run: async (args, io, signal) => (await import('./run-command.js')).runCommand(args, io, signal),
  diff: async (args, io) => (await import('./history-commands.js')).diff(args, io),
  report: async (args, io) => (await import('./history-commands.js')).report(args, io),
  sweep: async (args, io, signal) => (await import('./sweep-command.js')).sweepCommand(args, io, signal),
  minimize: async (args, io, signal) => (await import('./minimize-command.js')).minimizeCommand(args, io, signal),
  explain: async (args, io) => (await import('./explain-command.js')).explainCommand(args, io),
  plan: async (args, io) => (await import('./plan-command.js')).planCommand(args, io),
  merge: async (args, io) => (await import('./merge-command.js')).mergeCommand(args, io),
  issue: async (args, io) => (await import('./issue-command.js')).issueCommand(args, io),
  summary: async (args, io) => (await import('./summary-command.js')).summaryCommand(args, io),
  history: async (args, io) => (await import('./history-store-commands.js')).historyCommand(args, io),
  emulator: async (args, io) => {
    const [sub, ...rest] = args
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout.write(`${EMULATOR_HELP}\n`)
      return sub === undefined ? 2 : 0
    }
    if (sub !== 'start')
      throw new HarnessError(
        'USAGE',
        `Unknown command "harness emulator ${sub}". Try: harness emulator start (it runs until Ctrl-C or SIGTERM).`,
      )
    return (await import('../emulator/start-command.js')).emulatorStartCommand(rest, io)
  },
}

const didYouMean = (name: string): string => {
  const near = closest(name, Object.keys(COMMANDS))
  return near ? ` (did you mean "${near}"?)` : ''
}

export function commandFor(name: string | undefined): Command {
  if (name === undefined)
    throw new HarnessError(
      'USAGE',
      `No command given. Commands: ${Object.keys(COMMANDS).join(', ')}. See harness --help.`,
    )
  const command = COMMANDS[name]
  if (!command) {
    throw new HarnessError(
      'USAGE',
      `Unknown command "${name}"${didYouMean(name)}. Commands: ${Object.keys(COMMANDS).join(', ')}. See harness --help.`,
    )
  }
  return command
}
