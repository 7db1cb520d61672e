// Members' check-in keys (SPEC §6): issued by the server and pulled, never written on the device.
import type { MemberKey } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import { live } from './base'

export interface MemberKeysRepo {
  get(id: string): Promise<Local<MemberKey> | undefined>
  /** The live key of a person, if it has reached this device. */
  forPerson(personId: string): Promise<Local<MemberKey> | undefined>
  /** Every live key this device holds (a member: their own; a secretary: their members'). */
  all(): Promise<Local<MemberKey>[]>
}

export function memberKeysRepo(db: ZhibuDb): MemberKeysRepo {
  return {
    get: (id) => db.member_keys.get(id),
    forPerson: async (personId) => (await live(db.member_keys.where('person_id').equals(personId)))[0],
    all: () => live(db.member_keys.toCollection()),
  }
}
