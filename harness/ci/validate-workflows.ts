/**
 * Validates .github/workflows/*.yml with GitHub's own workflow parser (@actions/workflow-parser, the one
 * behind the Actions language service), when it is installed: a devDependency the lead adds. Without it
 * the check says it skipped and why, rather than passing silently. Run under tsx (the parser imports its
 * JSON schema without an import attribute, which plain Node refuses):
 *   npx tsx harness/ci/validate-workflows.ts [<workflow.yml>…]   (default: every .github/workflows file)
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WORKFLOW_PARSER = '@actions/workflow-parser'

interface ParserModule {
  parseWorkflow(
    entry: { name: string; content: string },
    trace: unknown,
  ): { context: { errors: { getErrors(): Array<{ message: string }> } }; value: unknown }
  convertWorkflowTemplate(context: unknown, value: unknown): Promise<{ errors?: Array<{ Message: string }> }>
  NoOperationTraceWriter: new () => unknown
}

export type Validator = (name: string, content: string) => Promise<string[]>

/** The validator, or why there is none (the package is not installed). */
export async function loadWorkflowValidator(): Promise<Validator | { skipped: string }> {
  let parser: ParserModule
  try {
    // A variable specifier: the package is optional, so neither tsc nor the bundler may require it.
    const specifier = WORKFLOW_PARSER
    parser = (await import(specifier)) as ParserModule
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    return { skipped: `${WORKFLOW_PARSER} is not installed; add it as a devDependency to validate workflows` }
  }
  return async (name, content) => {
    const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter())
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value)
    const messages = [
      ...parsed.context.errors.getErrors().map((error) => error.message),
      ...(template.errors ?? []).map((error) => error.Message),
    ]
    return [...new Set(messages)]
  }
}

export async function workflowFiles(repoRoot: string): Promise<string[]> {
  const dir = join(repoRoot, '.github', 'workflows')
  const names = await readdir(dir)
  return names
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
    .sort()
}

async function main(files: string[]): Promise<number> {
  const root = resolve(fileURLToPath(import.meta.url), '../../..')
  const validator = await loadWorkflowValidator()
  if ('skipped' in validator) {
    process.stdout.write(`workflow validation skipped: ${validator.skipped}\n`)
    return 0
  }
  let failed = 0
  for (const file of files.length > 0 ? files : await workflowFiles(root)) {
    const errors = await validator(file, await readFile(file, 'utf8'))
    failed += errors.length
    process.stdout.write(errors.length ? errors.map((e) => `✗ ${e}\n`).join('') : `✓ ${file}\n`)
  }
  return failed > 0 ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}
