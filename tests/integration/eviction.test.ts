// The browser wipes the device database but the session survives (iOS): the marker kept beside the session tells
// that from a first sign-in, names the unsynced writes lost with it, and a full re-pull brings the rest back.
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, test } from 'vitest'
import { deviceMarker, deviceState, resetCursor } from '../../src/db/device-state'
import { evictionCheck } from '../../src/sync/core/eviction'
import { BRANCH1, device, offlineTransport, person, useServer } from './setup'

const live = useServer('secretary')

describe('eviction', () => {
  test('marker of a synced device with an offline edit + an emptied database: detected, the edit named, all re-pulled', async () => {
    const phone = device(live.as.secretary)
    expect((await phone.engine.syncNow()).ok).toBe(true)
    const name = (await phone.repos.people.get(person(1)))?.name
    expect(name).toBeTruthy()
    // offline, the secretary edits a person; the marker is taken as the app keeps it (after each write)
    const offlinePhone = device(await offlineTransport(), phone.factory)
    await offlinePhone.repos.people.update(person(1), { department: '心内科' })
    const marker = await deviceMarker(offlinePhone.db)
    expect(marker.unsynced).toBe(1)
    offlinePhone.db.close()
    phone.db.close()

    // the browser deletes the database: the next start opens an empty one
    const evicted = device(live.as.secretary, new IDBFactory())
    const found = evictionCheck(marker, await deviceState(evicted.db))
    expect(found).toEqual({ lost: [{ id: expect.any(String), table: 'people', label: name }], lostCount: 1 })
    await resetCursor(evicted.db)
    const report = await evicted.engine.syncNow()
    expect(report).toMatchObject({ ok: true })
    expect(report.pulled).toBeGreaterThan(10)
    expect((await evicted.repos.people.byBranch(BRANCH1)).length).toBeGreaterThan(5) // the roster is back
    expect((await evicted.repos.people.get(person(1)))?.department).not.toBe('心内科') // the lost edit is lost
    // and once synced again, the fresh marker describes a normal device
    expect(evictionCheck(await deviceMarker(evicted.db), await deviceState(evicted.db))).toBeNull()
    evicted.db.close()
  })

  test('a normal reopen (same database) and a first sign-in (no marker) are not evictions', async () => {
    const phone = device(live.as.secretary)
    expect(evictionCheck(null, await deviceState(phone.db))).toBeNull() // first sign-in: nothing to compare
    await phone.engine.syncNow()
    await phone.repos.people.update(person(2), { department: '急诊科' })
    const marker = await deviceMarker(phone.db)
    phone.db.close()
    const reopened = device(live.as.secretary, phone.factory)
    expect(evictionCheck(marker, await deviceState(reopened.db))).toBeNull()
    reopened.db.close()
  })
})
