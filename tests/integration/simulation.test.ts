// The fault-injection simulation in npm test (issue 15 item 1): a fixed seed and a few schedules, so that it
// runs the same way every time; `npm run bench` runs many more with a random seed (tests/bench/simulation.ts).
// On failure fast-check prints the seed, the path and the shrunk schedule, one step a line, with the invariant
// that broke.
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { type SimContext, runSchedule, scheduleArb, simContext } from './simulation'
import { Totals } from './simulation-totals'
import { useServer } from './setup'

const SEED = 20261204
const RUNS = 12

const live = useServer()
let ctx: SimContext

beforeAll(async () => {
  ctx = await simContext(live.pg, live.backend)
})

test('faults, kills and concurrent phones lose no acknowledged write, apply none twice, and converge', async () => {
  const totals = new Totals()
  await fc.assert(
    fc.asyncProperty(scheduleArb(), async (schedule) => {
      const stats = await runSchedule(ctx, schedule)
      totals.add(stats)
      if (stats.violations.length > 0) throw new Error(`invariants broken:\n  ${stats.violations.join('\n  ')}`)
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: false },
  )
  console.log(totals.line(`seed ${SEED}`))
  expect(totals.lost).toBe(0)
  expect(totals.duplicated).toBe(0)
  expect(totals.acked).toBeGreaterThan(0)
}, 600_000) // a passing run takes well under a minute; a failing one also shrinks its schedule, which takes longer
