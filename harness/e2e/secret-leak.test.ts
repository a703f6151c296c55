/**
 * A careless scenario leaks its own credentials in every form (raw, keyed, URL-encoded, base64,
 * JSON-escaped, split, a character per write) through every path it has: a step's error, an error thrown outside step(),
 * console.log / console.error, and a cleanup that throws with the administrator's credentials. The
 * scenario hands the values to the test over file descriptor 3 (neither output nor disk); afterwards
 * no trace of them is in stdout, stderr, or any file the run wrote, and its log group is still removed.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSecretTraces } from '../outcomes/secret-traces.js'
import { createProject, E2E_TIMEOUT_MS, type EmulatorDump, leftovers, type Project, REPO_ROOT } from './cli-project.js'

const LEAKY_SCENARIO = `
import { execSync, fork, spawn, spawnSync } from 'node:child_process'
import { writeSync } from 'node:fs'
import path from 'node:path'
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { STSClient } from '@aws-sdk/client-sts'
import { defineScenario } from 'harness'

function leaks(c) {
  const all = JSON.stringify(c)
  return [
    c.accessKeyId + '/' + c.secretAccessKey,
    'Key=' + c.secretAccessKey,
    'url ' + encodeURIComponent(c.secretAccessKey) + ' ' + encodeURIComponent(c.sessionToken),
    'b64 ' + Buffer.from(c.accessKeyId + ':' + c.secretAccessKey).toString('base64'),
    'b64token ' + Buffer.from(c.sessionToken).toString('base64'),
    'json ' + JSON.stringify(all),
    'split ' + c.secretAccessKey.slice(0, 20) + ' … ' + c.secretAccessKey.slice(20),
    'token ' + c.sessionToken,
  ].join(' | ')
}

export default defineScenario({
  name: 'careless/leaks-credentials',
  async run({ client, uniqueName, tags, step, onCleanup }) {
    const minimal = await client(STSClient).config.credentials()
    writeSync(3, JSON.stringify(minimal) + '\\n')
    const logs = client(CloudWatchLogsClient)
    const logGroupName = uniqueName('harness-lg')
    const created = await step('CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName, tags })))
    if (created.ok) onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName })))
    onCleanup(async (admin) => {
      const adminCredentials = await admin(STSClient).config.credentials()
      writeSync(3, JSON.stringify(adminCredentials) + '\\n')
      throw new Error('cleanup leak ' + leaks(adminCredentials))
    })
    console.log('console leak ' + leaks(minimal))
    console.error('stderr leak ' + leaks(minimal))
    // A character per write: no single write holds a piece of the secret long enough to be recognised.
    for (const character of 'one by one ' + minimal.secretAccessKey + '\\n') process.stdout.write(character)
    // Child processes with inherited stdout and stderr (fork inherits them by default) print them too.
    const inherit = (prefix) => ({ stdio: 'inherit', env: { ...process.env, LEAK: prefix + ' ' + leaks(minimal) } })
    const both = 'console.log(process.env.LEAK); console.error(process.env.LEAK.replace("SYNC", "SYNC-ERR"))'
    spawnSync(process.execPath, ['-e', both], inherit('CHILD-SYNC'))
    console.log('EXEC-RETURNED ' + execSync(JSON.stringify(process.execPath) + ' -p process.env.LEAK', inherit('CHILD-EXEC')))
    const child = spawn(process.execPath, ['-p', 'process.env.LEAK'], inherit('CHILD-ASYNC'))
    console.log('ASYNC-STDOUT ' + child.stdout)
    await new Promise((resolve, reject) => child.on('close', resolve).on('error', reject))
    const forked = fork(path.join(process.cwd(), 'tools/child.cjs'), { env: inherit('CHILD-FORK').env })
    await new Promise((resolve, reject) => forked.on('close', resolve).on('error', reject))
    await step('LeakInError', async () => {
      const error = new Error('step leak ' + leaks(minimal))
      error.name = 'Leak' + minimal.accessKeyId
      throw error
    })
    throw new Error('crash leak ' + leaks(minimal))
  },
})
`

interface LeakRun {
  code: number | null
  stdout: string
  stderr: string
  secrets: string[]
}

function runLeaky(project: Project): Promise<LeakRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'harness/cli/bin.mjs'), 'run', '--region', 'us-east-1', '--policy', 'policy.json'],
      {
        cwd: project.dir,
        env: { ...process.env, CI: 'true', NO_COLOR: '1', HARNESS_EMULATOR_DUMP: path.join(project.dir, 'dump.json') },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    let handed = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    child.stdio[3]?.on('data', (chunk) => (handed += chunk))
    child.on('close', (code) => {
      const secrets = handed
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          const c = JSON.parse(line) as Record<string, string>
          return [c.accessKeyId, c.secretAccessKey, c.sessionToken].filter((v): v is string => Boolean(v))
        })
      resolve({ code, stdout, stderr, secrets })
    })
  })
}

describe('a scenario leaking its credentials in every form', () => {
  let project: Project
  let run: LeakRun

  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': `export default { scenarios: 'scenarios/*.ts', emulator: { timeScale: 0.0005 } }\n`,
      'scenarios/leaky.ts': LEAKY_SCENARIO,
      // Forked by the scenario; its last line has no newline.
      'tools/child.cjs': "process.stdout.write(process.env.LEAK + '\\nCHILD-FORK-PARTIAL')\n",
      'policy.json': await readFile(path.join(REPO_ROOT, 'scenarios/minimal-policy.json'), 'utf8'),
    })
    run = await runLeaky(project)
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('ran the scenario: minimal and admin credentials were handed over, and the leaks were attempted', () => {
    // Minimal role (key id, secret, token) and the admin session of the cleanup.
    expect(run.secrets.length).toBeGreaterThanOrEqual(6)
    expect(run.stdout).toContain('console leak')
    expect(run.stderr).toContain('stderr leak')
    expect(run.stdout).toContain('LeakInError')
  })

  it('labels what its child processes with inherited stdout and stderr printed as its own lines', () => {
    // spawnSync, execSync, spawn and fork, each to the stream it inherited: never straight to the terminal.
    const lead = '[us-east-1] careless/leaks-credentials | '
    for (const line of ['CHILD-SYNC ', 'CHILD-EXEC ', 'CHILD-ASYNC ', 'CHILD-FORK ', 'CHILD-FORK-PARTIAL\n'])
      expect(run.stdout).toContain(`${lead}${line}`)
    expect(run.stderr).toContain(`${lead}CHILD-SYNC-ERR `)
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^CHILD-/m)
    // The scenario gets what inheriting gives it: no stream of the child's output, execSync's stdout null.
    expect(run.stdout).toContain(`${lead}EXEC-RETURNED null\n`)
    expect(run.stdout).toContain(`${lead}ASYNC-STDOUT null\n`)
  })

  it('leaves no trace of them in stdout or stderr', () => {
    expect(run.secrets.length).toBeGreaterThan(0)
    expect(findSecretTraces(run.stdout, run.secrets)).toEqual([])
    expect(findSecretTraces(run.stderr, run.secrets)).toEqual([])
  })

  it('leaves no trace of them in any file the run wrote (run record, reports, state, emulator dump)', async () => {
    const files = await project.files('.')
    const written = files.filter((file) => !file.includes(`${path.sep}scenarios${path.sep}`))
    expect(written.some((file) => file.includes(`${path.sep}runs${path.sep}`))).toBe(true)
    expect(written.some((file) => file.endsWith('report.html'))).toBe(true)
    for (const file of written) {
      expect({ file, traces: findSecretTraces(await readFile(file, 'utf8'), run.secrets) }).toEqual({
        file,
        traces: [],
      })
    }
  })

  it('records the leaking step and the crash as errors and still removes the log group', async () => {
    const dump = JSON.parse(await readFile(path.join(project.dir, 'dump.json'), 'utf8')) as EmulatorDump
    expect(leftovers(dump)).toEqual([])
    const runFile = (await project.files()).find((file) => file.includes(`${path.sep}runs${path.sep}`)) as string
    const record = JSON.parse(await readFile(runFile, 'utf8')) as {
      results: Array<{ step: string; outcome: { kind: string } }>
      cleanupProblems?: string[]
    }
    const kinds = Object.fromEntries(record.results.map((r) => [r.step, r.outcome.kind]))
    expect(kinds).toEqual({ CreateLogGroup: 'allowed', LeakInError: 'error', '(scenario)': 'error' })
    // The throwing cleanup is kept in the record (exit 3), its error named once (QA: "Error: Error: …").
    expect(record.cleanupProblems).toEqual([
      expect.stringMatching(/^\[us-east-1\] careless\/leaks-credentials: Error: cleanup leak /),
    ])
    expect(run.code).toBe(3)
    expect(`${run.stdout}${run.stderr}`).not.toContain('Error: Error:')
  })
})
