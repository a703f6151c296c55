/**
 * Instance lifecycle, derived lazily from timestamps: pending → running after
 * instanceStateChangeMs × timeScale, and shutting-down → terminated after the same span once
 * TerminateInstances was called. Nothing ticks in the background.
 */
import type { EmulatorState } from '../../core/state.js'
import type { InstanceRecord } from './store.js'

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated'

const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
}

function transitionMs(state: EmulatorState): number {
  return state.clock.scaled(state.durations.instanceStateChangeMs)
}

export function instanceStateName(state: EmulatorState, instance: InstanceRecord, now: Date): InstanceStateName {
  const span = transitionMs(state)
  if (instance.terminationRequestedAt) {
    return now.getTime() - instance.terminationRequestedAt.getTime() >= span ? 'terminated' : 'shutting-down'
  }
  return now.getTime() - instance.launchedAt.getTime() >= span ? 'running' : 'pending'
}

/**
 * AWS keeps a terminated instance visible for about an hour, then forgets it. Not time-scaled on
 * purpose: SDK waiters poll on real time (waitUntilInstanceTerminated every 5 s+), so a scaled
 * window would make them see InvalidInstanceID.NotFound instead of `terminated`.
 */
export const TERMINATED_VISIBLE_MS = 60 * 60_000

export function isForgotten(state: EmulatorState, instance: InstanceRecord, now: Date): boolean {
  if (!instance.terminationRequestedAt) return false
  const visibleUntil = instance.terminationRequestedAt.getTime() + transitionMs(state) + TERMINATED_VISIBLE_MS
  return now.getTime() >= visibleUntil
}

/** EC2's `{ code, name }` instance state shape. */
export function instanceState(state: EmulatorState, instance: InstanceRecord, now: Date) {
  const name = instanceStateName(state, instance, now)
  return { code: STATE_CODES[name], name }
}

export function stateShape(name: InstanceStateName) {
  return { code: STATE_CODES[name], name }
}
