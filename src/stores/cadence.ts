// 三会一课 cadence rules of the reviewer's subtree, from the device (kept by sync): what the cadence screen reads,
// and its writes through the cadence_policies repository (row + outbox in one transaction), so an edit made
// offline reaches the server with the next sync and a refused one lands in 需处理.
import { defineStore } from 'pinia'
import type { ActivityKind, Cadence } from '../domain'
import { repos } from '../modules/data'

export const useCadenceStore = defineStore('cadence', () => {
  /** The orgs and cadence policies on the device. */
  async function read() {
    const [orgs, policies] = await Promise.all([repos.orgs.all(), repos.cadencePolicies.all()])
    return { orgs, policies }
  }
  /** Sets an org's own rule for a kind: its live row (`ownId`) is updated, never a second one added. */
  async function save(orgId: string, kind: ActivityKind, cadence: Cadence, ownId?: string): Promise<void> {
    await repos.cadencePolicies.put({ id: ownId ?? crypto.randomUUID(), org_id: orgId, kind, per: cadence.per, min_count: cadence.min_count })
  }
  /** Drops an org's own rule (a tombstone). */
  const drop = (id: string) => repos.cadencePolicies.softDelete(id)
  return { read, save, drop }
})
