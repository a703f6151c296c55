/**
 * A run that compared itself with the history store without joining it: a release gate (`--no-push`),
 * or any run outside CI without `--push`. Its record says so, so a later push from the same reports
 * directory (a laptop's `--push` run, `harness history push`) never adds it to the nightly's history,
 * where it would become the gate's "nightly" and the next night's baseline. The run record schema keeps
 * unknown fields, so records without it are unchanged.
 */
import type { RunRecord } from '../history/types.js'

export type CheckedRunRecord = RunRecord & { releaseCheck?: true }

export const isReleaseCheck = (record: RunRecord): boolean => (record as CheckedRunRecord).releaseCheck === true

/**
 * Whether a run goes into the history store: as the flags say, else a shard always (it is one part of a
 * night) and any other run only from CI, where the nightly runs; a run on a laptop is a check.
 */
export function joinsHistory(flag: boolean | undefined, shard: boolean, inCi: boolean): boolean {
  return flag ?? (shard || inCi)
}
