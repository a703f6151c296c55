/**
 * The emulator's own clock. It runs at real speed from a settable start date; simulated durations
 * (account creation, region enabling, IAM propagation, latency) are multiplied by `timeScale`
 * instead, so a 0.001 scale makes a 60 s account creation complete after 60 ms of real time while
 * dated behaviour changes stay anchored to the date the user chose.
 */
export class SimulatedClock {
  private offsetMs: number

  constructor(
    start: Date = new Date(),
    readonly timeScale = 1,
  ) {
    this.offsetMs = start.getTime() - Date.now()
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }

  set(date: Date): void {
    this.offsetMs = date.getTime() - Date.now()
  }

  /** Real-AWS duration in ms → how long it lasts on this clock. */
  scaled(durationMs: number): number {
    return durationMs * this.timeScale
  }

  /** The simulated instant a real-AWS duration started now will end. */
  after(durationMs: number): Date {
    return new Date(this.now().getTime() + this.scaled(durationMs))
  }
}
