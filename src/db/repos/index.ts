// All repositories over one database and clock: what the Pinia stores receive.
import type { ZhibuDb } from '../schema'
import { type WriteClock, defaultClock } from '../write'
import { activitiesRepo } from './activities'
import { attendanceRepo } from './attendance'
import { cadencePoliciesRepo } from './cadence_policies'
import { eventKeysRepo } from './event_keys'
import { expensesRepo } from './expenses'
import { fundingMatchesRepo } from './funding_matches'
import { fundingPoliciesRepo } from './funding_policies'
import { lookups } from './lookups'
import { memberKeysRepo } from './member_keys'
import { orgsRepo } from './orgs'
import { outboxRepo } from './outbox'
import { pairingLogsRepo } from './pairing_logs'
import { pairingsRepo } from './pairings'
import { peopleRepo } from './people'
import { photosRepo } from './photos'
import { type RecordedActivity, recordActivityWithAttendance } from './record'
import { snapshotsRepo } from './snapshots'
import type { AttendanceMark } from '../../domain/attendance'
import type { Activity } from '../../domain/types'
import type { Draft } from '../rows'

export function createRepos(db: ZhibuDb, clock: WriteClock = defaultClock) {
  return {
    activities: activitiesRepo(db, clock),
    attendance: attendanceRepo(db, clock),
    people: peopleRepo(db, clock),
    orgs: orgsRepo(db, clock),
    pairings: pairingsRepo(db, clock),
    pairingLogs: pairingLogsRepo(db, clock),
    expenses: expensesRepo(db, clock),
    fundingMatches: fundingMatchesRepo(db, clock),
    cadencePolicies: cadencePoliciesRepo(db, clock),
    fundingPolicies: fundingPoliciesRepo(db, clock),
    memberKeys: memberKeysRepo(db),
    eventKeys: eventKeysRepo(db, clock),
    lookups: lookups(db),
    photos: photosRepo(db),
    outbox: outboxRepo(db),
    snapshots: snapshotsRepo(db),
    recordActivityWithAttendance: (activity: Draft<Activity>, marks: readonly AttendanceMark[]): Promise<RecordedActivity> =>
      recordActivityWithAttendance(db, activity, marks, clock),
  }
}

export type Repos = ReturnType<typeof createRepos>
export type { RecordedActivity }
export type { ActivityPhoto } from './photos'
export type { QueueState } from './outbox'
