/**
 * Which runs join the history store. A run that does not is a release check: it is compared with the
 * store's runs and leaves them unchanged, and its record goes to `<reports>/checks/` (RunRecord.releaseCheck),
 * so it never becomes the release gate's "nightly", a later run's baseline, or part of a later push.
 */

/**
 * Whether a run goes into the history store: as `--push` / `--no-push` say, else a shard always (it is one
 * part of a night) and any other run only in CI, where the nightly runs; a run on a laptop is a check.
 */
export function joinsHistory(flag: boolean | undefined, shard: boolean, ci: boolean): boolean {
  return flag ?? (shard || ci)
}

/**
 * A run with a history store that does not join it is a release check; a shard kept out (--no-push) is
 * still a part of a night (merge reads it).
 */
export function isReleaseCheck(run: { hasStore: boolean; joins: boolean; shard: boolean }): boolean {
  return run.hasStore && !run.joins && !run.shard
}
