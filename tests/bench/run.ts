// npm run bench: every benchmark in turn, each printing its own table with ratios against a budget or a
// baseline measured in the same run. Nothing here passes or fails; the numbers go into issue notes.
import { benchBigBranch } from './bigbranch'
import { benchBundle } from './bundle'
import { benchCheckin } from './checkin'
import { benchColdStart } from './coldstart'
import { benchConcurrency } from './concurrency'
import { benchLighthouse } from './lighthouse'
import { benchScale } from './scale'
import { benchScan } from './scan'
import { benchSimulation } from './simulation'
import { benchSync } from './sync'

await benchBundle()
await benchSync()
await benchConcurrency()
await benchSimulation()
await benchCheckin()
await benchScan()
await benchColdStart()
await benchLighthouse()
await benchScale()
await benchBigBranch()
