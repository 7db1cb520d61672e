// Sums of the simulation's runs, for the one summary line of the test and the bench's table.
import { FAULT_KINDS, type FaultCounts, noFaults } from './faults'
import type { RunStats } from './simulation'

export class Totals {
  schedules = 0
  steps = 0
  acked = 0
  rejected = 0
  lost = 0
  duplicated = 0
  failed = 0
  readonly faults: FaultCounts = noFaults()

  add(run: RunStats): void {
    this.schedules += 1
    this.steps += run.steps
    this.acked += run.acked
    this.rejected += run.rejected
    this.lost += run.lost
    this.duplicated += run.duplicated
    if (run.violations.length > 0) this.failed += 1
    for (const k of FAULT_KINDS) this.faults[k] += run.faults[k]
  }

  get injected(): number {
    return FAULT_KINDS.reduce((n, k) => n + this.faults[k], 0)
  }

  line(prefix: string): string {
    const kinds = FAULT_KINDS.map((k) => `${k} ${this.faults[k]}`).join(', ')
    return `simulation (${prefix}): ${this.schedules} schedules, ${this.steps} steps, ${this.injected} faults (${kinds}), ` +
      `${this.acked} acknowledged writes, ${this.rejected} refused (需处理), lost ${this.lost}, duplicated ${this.duplicated}`
  }
}
