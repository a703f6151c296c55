/**
 * What `harness run` loads before CreateAccount is on its critical path (issue #13). The CLI thread
 * starts the scenario thread first, which loads the scenario files with tsx, their SDK clients stood in
 * where it can (check-scenarios.ts), then loads the input checks (run-input.ts) and, up to CreateAccount, only the
 * runtime's provisioning and the emulator. What runs in the account (EC2, SSM, ECR, Logs clients,
 * scenario threads) loads once CreateAccount is sent (execute.ts), as do the run record, reporters and
 * history store (run-command.ts). Read from the sources' eager imports: a static import added on this
 * path fails here.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const HARNESS = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/**
 * `import … from`, `export … from` (not `import type` / `export type`), and require('…') of a package,
 * unless it is what an arrow function returns (`const iamSdk = () => requireSdk('…')`: loaded at first use).
 */
const EAGER =
  /^(?:import|export)\s+(?!type\s)[^;'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]|(?<!=>\s*)(?:require|requireSdk|createRequire\(import\.meta\.url\))\(\s*['"]([^'"]+)['"]\s*,?\s*\)/gm

/**
 * Every module the file loads eagerly, transitively: harness files relative to harness/, packages by
 * name; `imported`: the packages some module reaches with an ES import rather than require.
 */
function eagerClosure(entry: string, read: (file: string) => string = (file) => readFileSync(file, 'utf8')) {
  const seen = new Set<string>()
  const imported = new Set<string>()
  const visit = (file: string) => {
    const key = relative(HARNESS, file)
    if (seen.has(key)) return
    seen.add(key)
    for (const match of read(file).matchAll(EAGER)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? ''
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))
      else if (!specifier.startsWith('node:')) {
        seen.add(specifier)
        if (match[3] === undefined) imported.add(specifier)
      }
    }
  }
  visit(resolve(HARNESS, entry))
  return Object.assign(seen, { imported })
}

const IN_ACCOUNT = [
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-ecr',
  '@aws-sdk/client-cloudwatch-logs',
]

describe('harness run before CreateAccount', () => {
  it('the CLI thread starts the scenario thread before loading the input checks, tsx or an SDK client', () => {
    const closure = eagerClosure('cli/run-command.ts')
    expect(closure.has('runtime/contained/check-scenarios.ts')).toBe(true)
    // Nor zod, nor the history: the scenario thread starts first, and boots while they load (run-input.ts).
    for (const name of [
      'tsx/esm/api',
      'zod',
      'cli/run-input.ts',
      'runtime/execute.ts',
      'emulator/server.ts',
      ...IN_ACCOUNT,
    ])
      expect(closure.has(name), name).toBe(false)
  })

  it('the runtime up to CreateAccount leaves what runs in the account for later', () => {
    const closure = new Set([...eagerClosure('runtime/execute.ts'), ...eagerClosure('runtime/local-emulator.ts')])
    expect(closure.has('@aws-sdk/client-organizations')).toBe(true)
    expect(closure.has('@aws-sdk/client-sts')).toBe(true)
    // IAM (the role), Account (regions) and CloudTrail: their modules load them at first use (execute.ts loadAccountSdk).
    const afterCreateAccount = ['@aws-sdk/client-iam', '@aws-sdk/client-account', '@aws-sdk/client-cloudtrail']
    for (const name of [
      'runtime/run-in-account.ts',
      'runtime/report-stage.ts',
      'reporters/commands.ts',
      ...IN_ACCOUNT,
      ...afterCreateAccount,
    ])
      expect(closure.has(name), name).toBe(false)
  })

  it('at run time too: importing the runtime up to CreateAccount requires only the clients it calls first', async () => {
    // The compiled modules (the suite's global setup builds dist/), in a process of their own: what they
    // require at load, whatever the source text looks like (an accessor called at module scope included).
    const modules = ['runtime/execute.js', 'runtime/local-emulator.js'].map(
      (file) => pathToFileURL(resolve(HARNESS, '../dist', file)).href,
    )
    const script = `import { createRequire } from 'node:module'
for (const url of ${JSON.stringify(modules)}) await import(url)
const loaded = Object.keys(createRequire(import.meta.url).cache).map((file) => /@aws-sdk\\/(client-[a-z0-9-]+)\\//.exec(file)?.[1])
console.log(JSON.stringify([...new Set(loaded.filter(Boolean))].sort()))`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script])
    const clients = JSON.parse(stdout) as string[]
    expect(clients).toContain('client-organizations')
    expect(clients).toContain('client-sts')
    for (const client of ['client-iam', 'client-account', 'client-cloudtrail', ...IN_ACCOUNT.map((c) => c.slice(9))])
      expect(clients, client).not.toContain(client)
  })

  it('a scenario thread loads no SDK package of its own before it checks the files (CreateAccount waits for that check)', async () => {
    // The compiled worker module (the suite's global setup builds dist/) in a thread of a process of its own.
    const worker = pathToFileURL(resolve(HARNESS, '../dist/runtime/contained/scenario-worker.js')).href
    const thread = `const { parentPort } = require('node:worker_threads')
import(${JSON.stringify(worker)}).then(() => parentPort.postMessage(Object.keys(require.cache)))`
    const script = `const { Worker } = require('node:worker_threads')
const thread = new Worker(${JSON.stringify(thread)}, { eval: true })
thread.once('message', (loaded) => {
  console.log(JSON.stringify(loaded.filter((file) => /node_modules[/]@(aws-sdk|smithy)[/]/.test(file))))
  void thread.terminate()
})`
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script])
    expect(JSON.parse(stdout)).toEqual([])
  })

  it('loads what a run needs after its last call (run record, reports) while AWS creates the account', () => {
    const source = readFileSync(resolve(HARNESS, 'cli/run-command.ts'), 'utf8')
    const body = /function loadRecordModules\(\) \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? ''
    const loaded = new Set<string>()
    for (const [, specifier = ''] of body.matchAll(/import\('([^']+)'\)/g))
      for (const name of eagerClosure(`cli/${specifier.replace(/\.js$/, '.ts')}`)) loaded.add(name)
    // reporters/index.ts: what compareAndReport imports only when it writes the reports.
    for (const name of ['runtime/report-stage.ts', 'runtime/run-record.ts', 'reporters/index.ts'])
      expect(loaded.has(name), name).toBe(true)
  })

  it("loads the SDK's CommonJS packages with require: an ES import also lexes each one and every module it re-exports", () => {
    const entries = [
      'cli/run-command.ts',
      'runtime/execute.ts',
      'runtime/run-in-account.ts',
      'runtime/contained/scenario-worker.ts',
    ]
    const imported = entries.flatMap((entry) => [...eagerClosure(entry).imported])
    expect(imported.filter((name) => /^@(aws-sdk|smithy)\//.test(name))).toEqual([])
  })

  it('the check sees an eager import, a re-export and a top-level require, and skips types, import() and a lazy require', () => {
    const sources: Record<string, string> = {
      'a.ts':
        "import type { T } from './t.js'\nimport './s.js'\nimport { b } from './b.js'\nconst later = () => import('./late.js')",
      'b.ts':
        "export { c } from './c.js'\nconst { X } = requireSdk('@aws-sdk/client-ec2') as typeof Sdk\nconst { Y } = createRequire(import.meta.url)(\n  '@smithy/core/retry',\n)\nconst iamSdk = () => requireSdk('@aws-sdk/client-iam') as typeof SdkIam",
      'c.ts': "import 'zod'",
    }
    const closure = eagerClosure('a.ts', (file) => sources[relative(HARNESS, file)] ?? '')
    expect([...closure].sort()).toEqual([
      '@aws-sdk/client-ec2',
      '@smithy/core/retry',
      'a.ts',
      'b.ts',
      'c.ts',
      's.ts',
      'zod',
    ])
    expect([...closure.imported]).toEqual(['zod'])
    expect(eagerClosure('runtime/run-in-account.ts').has('@aws-sdk/client-ec2')).toBe(true)
  })
})
