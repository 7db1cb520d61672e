// Imported first by main.ts: the device database starts opening (a round trip to the browser's storage process)
// while the rest of the app's code is still being evaluated, instead of at the router guard's first read.
// Opening is what the first read would do anyway (Dexie's auto-open); a failure shows there as it did before.
import { db } from './data'

void db.open().catch(() => undefined)
