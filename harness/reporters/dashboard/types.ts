/** The dashboard's model: plain data computed from the history (pure), rendered to one static page. */
import type { ChangeCause, ChangeKind } from '../../history/types.js'

/** One night's outcome of one step in one region, as the timeline strip shows it. */
export type NightMark =
  | 'allowed'
  | 'denied'
  /** Denied at first, allowed on a probe (transient: never a regression). */
  | 'probe'
  | 'inconclusive'
  | 'skipped'
  /** Not run that night (region or scenario not in the run). */
  | 'absent'
  /** Denied, and the scenario declares it must be. */
  | 'expected'
  /** Allowed, although the scenario declares it must be denied. */
  | 'unexpected'

export type Freshness = 'fresh' | 'seasoned'

export interface Night {
  runId: string
  startedAt: string
  /** The date AWS behaved as: the emulated date on the emulator, else when the run started. */
  date: string
  freshness: Freshness
  policyHash: string
}

export interface Streak {
  mark: NightMark
  /** Night indexes, inclusive. */
  from: number
  to: number
}

export interface AxisMarker {
  kind: 'policy' | 'aws'
  /** The night the marker stands before (the first night on or after its date). */
  night: number
  date: string
  text: string
}

export interface Strip {
  key: string
  scenario: string
  step: string
  region: string
  marks: NightMark[]
  streaks: Streak[]
  /** The current conclusive state and since when (inconclusive nights in between do not break it). */
  since?: { mark: NightMark; date: string; runId: string }
  /** AWS changes to this step's operation, at this region's rollout date. */
  markers: AxisMarker[]
  /** Any night in the window that was not allowed. */
  eventful: boolean
}

export interface NowCell {
  id: string
  key: string
  scenario: string
  step: string
  region: string
  change: ChangeKind
  stillDenied: boolean
  /** Short words in the cell ("REGRESSION", "ok", …); the title and drill-down give the rest. */
  label: string
  /** Second line: cause and freshness ("aws-change · fresh"). */
  detail: string
  /** What a screen reader and the tooltip say in full. */
  description: string
  tone: CellTone
  cause?: ChangeCause
  freshness: Freshness
}

export type CellTone = 'bad' | 'warn' | 'good' | 'neutral' | 'info'

export interface RegionRow {
  region: string
  verdict: string
  /** One cell per step column; undefined where the step did not run in that region. */
  cells: Array<NowCell | undefined>
  clean: boolean
  /** Something to act on (a denial, an unexpected allow, an inconclusive step); not a relaxation or a probed-out denial. */
  attention: boolean
}

export interface StepColumn {
  key: string
  scenario: string
  step: string
}

export interface VerifiedFix {
  where: string
  /** The night the step was allowed again, and whether the declared policy changed that night. */
  date: string
  runId: string
  deniedSince: string
  /** The streak was under way on the window's first night: it may have begun before `deniedSince`. */
  sinceWindowStart?: boolean
  byPolicyChange: boolean
}
