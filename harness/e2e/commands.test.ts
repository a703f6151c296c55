/** The other commands through the real executable: --version, --help, report with no runs, and `harness emulator start` until Ctrl-C. */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { E2E_TIMEOUT_MS, REPO_ROOT, runCli, runInProcess } from './cli-project.js'

describe('harness', () => {
  it('prints its version and help', async () => {
    const version = await runCli(['--version'], REPO_ROOT)
    expect(version).toMatchObject({ code: 0, stderr: '' })
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    const help = await runCli(['run', '--help'], REPO_ROOT)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--region <r>')
  })

  it('report on an empty reports directory says to run `harness run` first and exits 2', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'harness-empty-reports-'))
    try {
      const result = await runCli(['report', '--reports-dir', empty], REPO_ROOT)
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(
        `harness: no run records in ${path.join(empty, 'runs')}: run \`harness run\` first (or pass a run file)\n`,
      )
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('report on a reports directory that does not exist (a typo) exits 2 and creates nothing', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'harness-typo-'))
    const typo = path.join(parent, 'reprots')
    try {
      const result = await runInProcess(['report', '--reports-dir', typo], REPO_ROOT)
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(
        `harness: the reports directory ${typo} does not exist (--reports-dir): run \`harness run\` first, or name the directory it wrote to.\n`,
      )
      expect(existsSync(typo)).toBe(false)
    } finally {
      await rm(parent, { recursive: true, force: true })
    }
  })

  it(
    'emulator start serves until SIGINT, then exits 0',
    async () => {
      const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, 'harness/cli/bin.mjs'), 'emulator', 'start', '--port', '0'],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
      try {
        const endpoint = await new Promise<string>((resolve) => {
          let out = ''
          child.stdout.on('data', (chunk) => {
            out += chunk
            const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
            if (match) resolve(match[0])
          })
        })
        const health = await (await fetch(`${endpoint}/_emulator/health`)).json()
        expect(health).toMatchObject({ status: 'ok' })
      } finally {
        child.kill('SIGINT')
      }
      expect(await exited).toBe(0)
    },
    E2E_TIMEOUT_MS,
  )
})
