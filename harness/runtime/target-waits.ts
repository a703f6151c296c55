/**
 * Waits the run itself makes, sized to the target's clock: the embedded emulator's time scale, that of a
 * harness emulator posing as AWS behind AWS_ENDPOINT_URL (target.timeScale), or real AWS (scale 1).
 */
import { AWS_CLOUDTRAIL_DELIVERY_WAIT_MS, PAGE_INTERVAL_MS } from '../capture/capture-trail.js'
import { inProcessConfig } from '../emulator/in-process.js'
import type { ExecuteInput } from './execute.js'
import type { AwsTarget } from './provision.js'
import type { DenialProbes } from './scenario-context.js'

/** On real AWS a denial that was never allowed is looked at once more after this long (IAM gives no bound). */
export const REPROBE_DENIAL_AFTER_MS = 15_000

type RunSettings = Pick<ExecuteInput, 'config' | 'emulator'>

/**
 * The re-checks of a denied step allowed in its baseline, on the target's clock: the embedded emulator's
 * time scale, that of a harness emulator posing as AWS, or real seconds on AWS.
 */
export function denialProbesOn(
  run: Pick<ExecuteInput, 'config' | 'probedSteps'>,
  target: Pick<AwsTarget, 'timeScale'>,
): DenialProbes | undefined {
  if (!run.probedSteps) return undefined
  const scale = target.timeScale ?? 1
  return {
    steps: run.probedSteps,
    waitsMs: run.config.denialProbeWaitsSeconds.map((seconds) => seconds * 1000 * scale),
  }
}

/** The emulator's propagation is simulated exactly; real IAM gives no bound, so look twice there. */
export function reprobeDenialAfterMs(run: RunSettings, target: Pick<AwsTarget, 'timeScale'>): number | undefined {
  return run.config.target === 'aws' ? REPROBE_DENIAL_AFTER_MS * (target.timeScale ?? 1) : undefined
}

/**
 * How long to let CloudTrail deliver the run's events before looking them up: the emulator's own delivery
 * delay (its realism knobs, on its time scale: a standalone emulator's may differ from the config's); on --target aws the configured wait, else
 * the documented average (× the time scale of an emulator posing as AWS).
 */
export async function cloudTrailDeliveryWaitMs(
  run: RunSettings,
  target: Pick<AwsTarget, 'timeScale'>,
): Promise<number> {
  if (run.config.target !== 'local' || !run.emulator) {
    const configured = run.config.cloudTrailCapture.waitSeconds
    if (configured !== undefined) return configured * 1000
    return target.timeScale === undefined
      ? AWS_CLOUDTRAIL_DELIVERY_WAIT_MS
      : Math.ceil(AWS_CLOUDTRAIL_DELIVERY_WAIT_MS * target.timeScale) + 1
  }
  // An emulator of its own (HARNESS_EMULATOR_ENDPOINT) runs on the scale it was started with, not the config's.
  const scale = run.emulator.timeScale ?? target.timeScale ?? run.config.emulator.timeScale
  try {
    const { endpoint } = run.emulator
    const { durations } = (inProcessConfig(endpoint) ??
      (await (await fetch(`${endpoint}/_emulator/config`)).json())) as { durations: { cloudTrailDeliveryMs?: number } }
    return Math.ceil((durations.cloudTrailDeliveryMs ?? AWS_CLOUDTRAIL_DELIVERY_WAIT_MS) * scale) + 1
  } catch {
    return Math.ceil(AWS_CLOUDTRAIL_DELIVERY_WAIT_MS * scale) + 1
  }
}

/** LookupEvents allows 2 requests per second on AWS: the capture's pause between pages, on the target's clock. */
export function cloudTrailPageIntervalMs(target: Pick<AwsTarget, 'timeScale'>): number {
  return Math.ceil(PAGE_INTERVAL_MS * (target.timeScale ?? 1))
}
