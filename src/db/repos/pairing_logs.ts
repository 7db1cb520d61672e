// Progress notes of a pairing.
import type { PairingLog } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface PairingLogsRepo extends Repo<'pairing_logs'> {
  /** A pairing's live log, oldest first. */
  byPairing(pairingId: string): Promise<Local<PairingLog>[]>
}

export function pairingLogsRepo(db: ZhibuDb, clock?: WriteClock): PairingLogsRepo {
  return {
    ...makeRepo(db, 'pairing_logs', clock),
    byPairing: async (pairingId) =>
      (await live(db.pairing_logs.where('pairing_id').equals(pairingId))).sort((a, b) => a.logged_on.localeCompare(b.logged_on)),
  }
}
