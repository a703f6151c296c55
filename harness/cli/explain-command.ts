/**
 * `harness explain [<message> | <file> | -]`: argv and stdin → explain/ → text or JSON. Exit 0 when every
 * denial was read (an action recognised), 2 when the input is unreadable or names no denial.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { HarnessError } from '../errors.js'
import { explainInput } from '../explain/explain-input.js'
import { readExplainInput } from '../explain/read-input.js'
import { renderExplainText } from '../explain/render.js'
import { EXPLAIN_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  json: { type: 'boolean' },
  'no-decode': { type: 'boolean' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export interface ExplainStdin {
  isTTY?: boolean
  read(): Promise<Buffer>
}

export async function explainCommand(args: string[], io: CliIo, stdin: ExplainStdin = processStdin()): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${EXPLAIN_HELP}\n`)
    return 0
  }
  const endpoint = values['endpoint-url']
  if (endpoint !== undefined && !/^https?:\/\/\S+$/.test(endpoint))
    throw new HarnessError('USAGE', `--endpoint-url must be an http(s) URL, got "${endpoint}".`)
  const { raw, source } = await readRaw(positionals, io, stdin)
  const input = readExplainInput(raw, source)
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const decode = values['no-decode'] ? undefined : { region, ...(endpoint ? { endpoint } : {}) }
  const result = await explainInput(input, decode)
  io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderExplainText(result))
  const unreadable = result.explanations.length === 0 || result.explanations.some((e) => !e.readable)
  return unreadable ? 2 : 0
}

async function readRaw(
  positionals: string[],
  io: CliIo,
  stdin: ExplainStdin,
): Promise<{ raw: Buffer; source: string }> {
  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')) {
    if (stdin.isTTY && positionals.length === 0)
      throw new HarnessError(
        'USAGE',
        'harness explain needs a denial message, a file, or input on stdin. See harness explain --help.',
      )
    return { raw: await stdin.read(), source: 'stdin' }
  }
  // A single existing path is a file (CloudTrail logs, saved messages); anything else is the message itself.
  if (positionals.length === 1) {
    // A quoted ~/ reaches us unexpanded: expand it as the shell would have.
    const given = (positionals[0] ?? '').replace(/^~(?=\/)/, () => io.env.HOME ?? '~')
    const candidate = path.resolve(io.cwd, given)
    if (looksLikeMissingFile(positionals[0] ?? '', candidate))
      throw new HarnessError(
        'INPUT_INVALID',
        `${positionals[0]}: no such file. To explain a message, pass its text (quoted) or pipe it on stdin.`,
      )
    if (!/\s/.test(positionals[0] ?? '') && existsSync(candidate)) {
      try {
        return { raw: await readFile(candidate), source: positionals[0] ?? candidate }
      } catch (error) {
        throw new HarnessError('INPUT_INVALID', `${positionals[0]}: cannot read: ${(error as Error).message}`)
      }
    }
  }
  return { raw: Buffer.from(positionals.join(' '), 'utf8'), source: 'the message argument' }
}

/**
 * A single token named like a file (`run.json`, `trail.json.gz`, `./saved.txt`) that does not exist is a
 * mistyped path, not a denial: AWS's messages have spaces, and EC2's encoded blobs have no dot or extension.
 */
function looksLikeMissingFile(argument: string, resolved: string): boolean {
  const fileLike = /\.(json|gz|txt|log)$/i.test(argument) || /^(\.{1,2}|~)\//.test(argument)
  return fileLike && !/\s/.test(argument) && !existsSync(resolved)
}

function processStdin(): ExplainStdin {
  return {
    isTTY: process.stdin.isTTY,
    async read() {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
  }
}
