/**
 * Where `harness emulator start` leaves its control token for the tools and tests that drive it:
 * `~/.harness/emulator-<port>.token` by default, in a directory only the user can enter, readable only
 * by the user. Removed again when the emulator stops.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'

export function defaultTokenFile(port: number): string {
  return path.join(homedir(), '.harness', `emulator-${port}.token`)
}

export async function writeTokenFile(token: string, port: number, file = defaultTokenFile(port)): Promise<string> {
  const dir = path.dirname(file)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await writeFile(file, `${token}\n`, { mode: 0o600 })
  // writeFile's mode only applies to a new file; an existing one is tightened too.
  await chmod(file, 0o600)
  return file
}

export async function removeTokenFile(file: string): Promise<void> {
  await rm(file, { force: true })
}
