/**
 * A cross-process lock file for read-modify-write of shared state under one reports directory (the
 * account ledger): created exclusively (a hard link, createLockFile), holding the owner's pid and start time. A lock whose
 * process is gone, or that is older than `staleMs`, is taken over. Hand-written because no lock
 * library is a dependency and this needs only exclusive create, a pid check and a timeout.
 */

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { HarnessError } from '../errors.js'

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs?: number
  /** A lock held longer than this is considered abandoned. */
  staleMs?: number
}

export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await acquire(lockFile, options.timeoutMs ?? 30_000, options.staleMs ?? 60_000)
  try {
    return await fn()
  } finally {
    await rm(lockFile, { force: true })
  }
}

/**
 * Takes `lockFile` if no live process holds it, without waiting: the release function, or undefined when
 * another live harness process holds it (it is doing the same work right now).
 */
export async function tryFileLock(lockFile: string, staleMs: number): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(lockFile)) return () => rm(lockFile, { force: true })
    if (!(await isStale(lockFile, staleMs))) return undefined
    await rm(lockFile, { force: true })
  }
  return undefined
}

async function acquire(lockFile: string, timeoutMs: number, staleMs: number): Promise<void> {
  await mkdir(dirname(lockFile), { recursive: true })
  const startedAt = Date.now()
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (await createLockFile(lockFile)) return
    if (await isStale(lockFile, staleMs)) {
      await rm(lockFile, { force: true })
      continue
    }
    if (Date.now() - startedAt > timeoutMs)
      throw new HarnessError(
        'REPORTS_LOCKED',
        `${lockFile} is held by another harness process; waited ${Math.round(timeoutMs / 1000)} s. Remove it if no harness is running.`,
      )
    await sleep(wait)
  }
}

/**
 * Creates `lockFile` holding this process's pid, or false when it exists. The content is written to a
 * file of its own first and then hard-linked into place (link fails if the name exists), so the lock never
 * exists empty: a process killed between an exclusive create and its write left an empty lock that no
 * one could tell from one being written, and a sweep right after it skipped a run it should have taken
 * over (survive.test.ts, a kill in a run's pre-sweep).
 */
async function createLockFile(lockFile: string): Promise<boolean> {
  const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(draft, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), { flag: 'wx' })
  try {
    await link(draft, lockFile)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  } finally {
    await rm(draft, { force: true })
  }
}

async function isStale(lockFile: string, staleMs: number): Promise<boolean> {
  let owner: { pid?: unknown; at?: unknown }
  try {
    owner = JSON.parse(await readFile(lockFile, 'utf8'))
  } catch {
    // Empty or unreadable: a lock from an older harness being written, or whose owner died mid-write.
    const modified = await stat(lockFile).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    )
    return Date.now() - modified > 2_000
  }
  const age = Date.now() - new Date(String(owner.at)).getTime()
  if (!Number.isFinite(age) || age > staleMs) return true
  return typeof owner.pid === 'number' && !isAlive(owner.pid)
}

/**
 * Whether a process with this id runs on this host (EPERM: it exists but belongs to someone else). A zombie
 * (killed, not yet reaped; for good in a container whose PID 1 never reaps) answers kill(pid, 0) too, but
 * it will never finish its run: on Linux, /proc says so.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pid)
}

/** State Z (zombie) or X (dead) in /proc/<pid>/stat, the field after the parenthesised command name. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.charAt(stat.lastIndexOf(')') + 2)
    return state === 'Z' || state === 'X'
  } catch {
    return false
  }
}
