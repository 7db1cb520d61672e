// The fault-injection simulation of tests/integration/simulation.ts at bench length (issue 15 item 1): many more
// schedules than npm test runs, with a random seed (printed; ZHIBU_SIM_SEED=… replays one, ZHIBU_SIM_RUNS=… sets the
// count, ZHIBU_SIM_REUSE=1 keeps phones from one schedule to the next). Prints what was injected and the invariants: lost and duplicated must be 0, failed schedules 0.
import { performance } from 'node:perf_hooks'
import fc from 'fast-check'
import { startServer } from '../integration/setup'
import { runSchedule, scheduleArb, simContext } from '../integration/simulation'
import { Totals } from '../integration/simulation-totals'

export async function benchSimulation(): Promise<void> {
  const runs = Number(process.env.ZHIBU_SIM_RUNS ?? 200)
  const seed = Number(process.env.ZHIBU_SIM_SEED ?? Math.floor(Math.random() * 2 ** 31))
  const { pg, backend } = await startServer()
  try {
    const reusePhones = process.env.ZHIBU_SIM_REUSE === '1'
    const ctx = await simContext(pg, backend, { reusePhones })
    const totals = new Totals()
    const t0 = performance.now()
    const result = await fc.check(
      fc.asyncProperty(scheduleArb({ maxSteps: 40 }), async (schedule) => {
        const stats = await runSchedule(ctx, schedule)
        totals.add(stats)
        if (stats.violations.length > 0) throw new Error(`invariants broken:\n  ${stats.violations.join('\n  ')}`)
      }),
      { seed, numRuns: runs },
    )
    const seconds = (performance.now() - t0) / 1000
    console.log(`\nfault-injection simulation: ${runs} schedules, seed ${seed} (ZHIBU_SIM_SEED=${seed} replays it)${reusePhones ? ', phones reused' : ''}`)
    console.table([{
      schedules: totals.schedules, steps: totals.steps, ...totals.faults, faults: totals.injected,
      acknowledged: totals.acked, refused: totals.rejected, lost: totals.lost, duplicated: totals.duplicated,
      failed: totals.failed, seconds: Number(seconds.toFixed(1)),
    }])
    if (result.failed) console.log(fc.defaultReportMessage(result), '\n', String(result.errorInstance))
    else console.log(totals.line(`seed ${seed}`))
  } finally {
    await backend.close()
    await pg.close()
  }
}
