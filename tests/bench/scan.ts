// The secretary's confirmation after a scan (SPEC §6: within 300 ms): a member code decoded from a camera-sized
// frame by jsQR, judged against the key the phone holds, and the check-in written with its outbox entry (Dexie
// over fake-indexeddb), for 300 members of one activity. The same steps CheckinScanMembersView runs per scan.
import { performance } from 'node:perf_hooks'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import QRCode from 'qrcode'
import { createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'
import { makeCode, newCheckinKey } from '../../src/domain/checkin-codes'
import { judgeMemberCode } from '../../src/domain/checkin-judge'
import { type Frame, loadDecoder } from '../../src/features/checkin/scan'

const N = 300
const BRANCH = '20000000-0000-4000-8000-000000000001'

/** The QR of `text` as a 640×480 camera frame: dark modules on white, 6 px each, centred. */
function frameOf(text: string): Frame {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const width = 640
  const height = 480
  const data = new Uint8ClampedArray(width * height * 4).fill(255)
  const size = qr.modules.size
  const px = 6
  const left = Math.floor((width - size * px) / 2)
  const top = Math.floor((height - size * px) / 2)
  for (let y = 0; y < size * px; y++) {
    for (let x = 0; x < size * px; x++) {
      if (!qr.modules.get(Math.floor(y / px), Math.floor(x / px))) continue
      const i = ((top + y) * width + left + x) * 4
      data[i] = data[i + 1] = data[i + 2] = 0
    }
  }
  return { data, width, height }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

export async function benchScan(): Promise<void> {
  const db = new ZhibuDb({ name: 'bench-scan', indexedDB: new IDBFactory(), IDBKeyRange })
  const repos = createRepos(db)
  const people = Array.from({ length: N }, (_, i) => ({
    id: crypto.randomUUID(), name: `党员${i + 1}`, branch_id: BRANCH, left_branch_on: null, deleted_at: null,
  }))
  const keys = new Map<string, string>(people.map((p) => [p.id, newCheckinKey()]))
  const now = Date.now()
  const activity = { id: crypto.randomUUID(), branch_id: BRANCH, status: 'held' as const, starts_at: new Date(now - 600_000).toISOString(), ends_at: null }
  await repos.recordActivityWithAttendance({ ...activity, kinds: ['assembly'] }, [])
  const frames = await Promise.all(people.map(async (p) => frameOf(await makeCode('m', p.id, keys.get(p.id)!, now))))
  const decode = await loadDecoder()
  const byId = new Map<string, (typeof people)[number]>(people.map((p) => [p.id, p]))

  const decodeMs: number[] = []
  const confirmMs: number[] = []
  let checkedIn = 0
  for (const frame of frames) {
    const t0 = performance.now()
    const text = decode(frame)
    const t1 = performance.now()
    const rows = await repos.attendance.byActivity(activity.id)
    const judged = await judgeMemberCode(text ?? '', {
      activity, nowMs: now,
      person: (id) => byId.get(id),
      key: async (id) => keys.get(id),
      attendance: (id) => rows.find((r) => r.person_id === id),
    })
    if (judged.kind === 'checked_in') {
      await repos.recordActivityWithAttendance({ id: activity.id }, [{ person_id: judged.person.id, status: 'present', method: 'member_code', checked_in_at: new Date().toISOString() }])
      checkedIn += 1
    }
    const t2 = performance.now()
    decodeMs.push(t1 - t0)
    confirmMs.push(t2 - t1)
  }
  const total = decodeMs.map((d, i) => d + confirmMs[i]!)
  const row = (what: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const p95 = quantile(sorted, 0.95)
    return { step: what, median_ms: quantile(sorted, 0.5).toFixed(1), p95_ms: p95.toFixed(1), max_ms: sorted.at(-1)!.toFixed(1), 'p95 / 300 ms': (p95 / 300).toFixed(2) }
  }
  console.log(`\nscan: ${N} member codes, one 640×480 frame each, decoded (jsQR), judged and written on the secretary's phone (Node, fake-indexeddb)`)
  console.table([row('decode the frame', decodeMs), row('judge + write check-in and outbox', confirmMs), row('frame to confirmation', total)])
  console.log(`${checkedIn} of ${N} checked in; ${await db.outbox.count()} outbox entries; the camera adds up to one frame gap (120 ms) before a code is seen`)
  db.close()
}
