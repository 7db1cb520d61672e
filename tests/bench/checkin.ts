// Event-code check-in at scale (SPEC §6) against the local backend's real functions: 300 members, each on
// their own phone and signed in as themself, scan the activity's code and push their check-in (sync_push;
// the server verifies the code by trigger). Measured all at once and one after another with the key already
// on the server, then with the key arriving only afterwards (300 pending, re-verified by the secretary's one
// push), against a baseline in the same run: the secretary recording the same 300 present in one roster push.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { PGlite } from '@electric-sql/pglite'
import { makeCode, newCheckinKey } from '../../src/domain/checkin-codes'
import type { SyncReport } from '../../src/sync/engine'
import { type SyncTransport, createSupabaseTransport } from '../../src/sync/transport'
import { BRANCH1, DEMO, type Device, counting, device, signedIn, sql, startServer } from '../integration/setup'

const N = 300
const WARM_UP = 30
const BASELINE_RUNS = 3
const SECRETARY_USER = '00000000-0000-4000-8000-000000000001'
// Bench-only ids, apart from the seed's (…-4000-8000-…)
const userOf = (i: number) => `00000000-0000-4000-9000-${String(1000 + i).padStart(12, '0')}`
const personOf = (i: number) => `40000000-0000-4000-9000-${String(1000 + i).padStart(12, '0')}`
const emailOf = (i: number) => `bench-checkin-${String(i).padStart(3, '0')}@demo.zhibu`

/** A transport that also times each push and pull (ms, in call order). */
function timed(inner: SyncTransport) {
  const pushMs: number[] = []
  const pullMs: number[] = []
  const time = async <T>(into: number[], run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await run()
    } finally {
      into.push(performance.now() - t0)
    }
  }
  const transport: SyncTransport = {
    ...inner,
    push: (m) => time(pushMs, () => inner.push(m)),
    pull: (c, l) => time(pullMs, () => inner.pull(c, l)),
  }
  return { transport, pushMs, pullMs }
}

interface Phone {
  person: string
  dev: Device
  calls: { push: number; pull: number; fetchRow: number }
  pushMs: number[]
  pullMs: number[]
}

const ms = (x: number) => Math.round(x)
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? 0

async function createActivity(pg: PGlite, title: string): Promise<string> {
  const id = randomUUID()
  await sql(pg,
    `insert into public.activities (id, branch_id, kinds, title, place, starts_at, ends_at, status, created_by)
     values ($1, $2, array['assembly'], $3, '门诊楼三楼会议室', now() - interval '10 minutes', now() + interval '100 minutes',
             'planned', $4)`,
    [id, BRANCH1, title, SECRETARY_USER])
  return id
}

const addKey = (pg: PGlite, activityId: string, key: string) =>
  sql(pg, `insert into public.event_keys (id, activity_id, key) values ($1, $1, $2)`, [activityId, key])

async function states(pg: PGlite, activityId: string): Promise<Record<string, number>> {
  const rows = await sql<{ state: string | null; n: number }>(pg,
    `select coalesce(checkin_state, method) as state, count(*)::int as n from public.attendance
      where activity_id = $1 and deleted_at is null and status = 'present' group by 1`, [activityId])
  return Object.fromEntries(rows.map((r) => [r.state ?? 'null', r.n]))
}

/** What a member's phone does on scanning the activity's code (CheckinScanEventView), then its sync. */
async function checkIn(phone: Phone, activityId: string, key: string): Promise<{ ms: number; report: SyncReport }> {
  await phone.dev.repos.attendance.put({
    id: randomUUID(), activity_id: activityId, person_id: phone.person, branch_id: BRANCH1,
    status: 'present', method: 'event_code', checked_in_at: new Date().toISOString(),
    checkin_code: await makeCode('e', activityId, key, Date.now()), leave_reason: null, makeup_on: null, makeup_note: null,
  })
  const t0 = performance.now()
  const report = await phone.dev.engine.syncNow()
  return { ms: performance.now() - t0, report }
}

interface Run {
  wallMs: number
  /** Each phone's syncNow, ms. */
  perMember: number[]
  push: number
  pull: number
  /** Every push and pull of the round, ms (queueing at the server included). */
  pushMs: number[]
  pullMs: number[]
  reports: SyncReport[]
}

async function round(phones: Phone[], activityId: string, key: string, together: boolean): Promise<Run> {
  const before = phones.map((p) => ({ ...p.calls, pushMs: p.pushMs.length, pullMs: p.pullMs.length }))
  const t0 = performance.now()
  let results: { ms: number; report: SyncReport }[]
  if (together) results = await Promise.all(phones.map((p) => checkIn(p, activityId, key)))
  else {
    results = []
    for (const p of phones) results.push(await checkIn(p, activityId, key))
  }
  const wallMs = performance.now() - t0
  return {
    wallMs,
    perMember: results.map((r) => r.ms),
    reports: results.map((r) => r.report),
    push: phones.reduce((n, p, i) => n + p.calls.push - before[i]!.push, 0),
    pull: phones.reduce((n, p, i) => n + p.calls.pull - before[i]!.pull, 0),
    pushMs: phones.flatMap((p, i) => p.pushMs.slice(before[i]!.pushMs)),
    pullMs: phones.flatMap((p, i) => p.pullMs.slice(before[i]!.pullMs)),
  }
}

/** Failed syncs and refused check-ins of a round, by reason (empty when all went through). */
async function problems(phones: Phone[], run: Run, activityId: string): Promise<string[]> {
  const out = new Map<string, number>()
  const add = (why: string) => out.set(why, (out.get(why) ?? 0) + 1)
  run.reports.forEach((r) => { if (!r.ok) add(`sync failed: ${r.error?.message ?? 'unknown'}`) })
  for (const p of phones) {
    for (const e of await p.dev.engine.rejected()) {
      if (e.fields.activity_id === activityId) add(`refused: ${e.code ?? ''} ${e.reason ?? ''}`)
    }
  }
  return [...out].map(([why, n]) => `${n} × ${why}`)
}

export async function benchCheckin(): Promise<void> {
  const { pg, backend } = await startServer()
  try {
    // --- set-up, not measured against anything: 300 accounts, people linked to them, their phones ----------
    let t0 = performance.now()
    await sql(pg,
      `with pw as (select extensions.crypt('zhibu-demo', extensions.gen_salt('bf')) as hash)
       insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                               confirmation_token, recovery_token, email_change_token_new, email_change)
       select '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated', u.email, pw.hash, now(),
              '{"provider":"email","providers":["email"]}'::jsonb, '{}'::jsonb, now(), now(), '', '', '', ''
         from pw, unnest($1::text[], $2::text[]) as u (id, email)`,
      [Array.from({ length: N }, (_, i) => userOf(i)), Array.from({ length: N }, (_, i) => emailOf(i))])
    await sql(pg,
      `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       select u.id, u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
              'email', now(), now(), now()
         from auth.users u where u.email like 'bench-checkin-%'`)
    // full members of 内科第一党支部, half in each group, each linked to their account (a member key is issued)
    await sql(pg,
      `insert into public.people (id, branch_id, group_id, user_id, name, party_status, admitted_on, confirmed_on,
                                  excluded_from_quorum, is_backbone, department, title)
       select p.id::uuid, $3, case when p.n % 2 = 0 then '30000000-0000-4000-8000-000000000011'::uuid
                                   else '30000000-0000-4000-8000-000000000012'::uuid end,
              p.uid::uuid, '测试党员' || p.n, 'full', date '2015-06-30', date '2016-06-30', false, false,
              case when p.n % 2 = 0 then '心血管内科' else '呼吸与危重症医学科' end, '主治医师'
         from unnest($1::text[], $2::text[]) with ordinality as p (id, uid, n)`,
      [Array.from({ length: N }, (_, i) => personOf(i)), Array.from({ length: N }, (_, i) => userOf(i)), BRANCH1])
    const setupSqlMs = performance.now() - t0

    // the activities, each in its check-in window, and the keys of the first two (the secretary's phone pushed them)
    const keys = { together: newCheckinKey(), oneByOne: newCheckinKey(), late: newCheckinKey() }
    const act = {
      together: await createActivity(pg, '签到压测：同时'),
      oneByOne: await createActivity(pg, '签到压测：逐个'),
      late: await createActivity(pg, '签到压测：密钥后到'),
    }
    await addKey(pg, act.together, keys.together)
    await addKey(pg, act.oneByOne, keys.oneByOne)

    t0 = performance.now()
    const clients = []
    for (let i = 0; i < N; i += 20) {
      clients.push(...(await Promise.all(Array.from({ length: Math.min(20, N - i) }, (_, j) => signedIn(backend, emailOf(i + j))))))
    }
    const signInMs = performance.now() - t0

    const phones: Phone[] = clients.map((c, i) => {
      const { transport: t, pushMs, pullMs } = timed(createSupabaseTransport(c))
      const { transport, calls } = counting(t)
      return { person: personOf(i), dev: device(transport), calls, pushMs, pullMs }
    })
    // the phones were in use before the meeting: their first pull is done (20 at a time)
    t0 = performance.now()
    for (let i = 0; i < N; i += 20) {
      const reports = await Promise.all(phones.slice(i, i + 20).map((p) => p.dev.engine.syncNow()))
      const bad = reports.find((r) => !r.ok)
      if (bad) throw new Error(`a member's first sync failed: ${String(bad.error)}`)
    }
    const firstPullMs = performance.now() - t0
    const firstPullRows = (await Promise.all(phones[0]!.dev.db.tables.filter((t) => !['outbox', 'meta'].includes(t.name)).map((t) => t.count())))
      .reduce((a, b) => a + b, 0)
    // warm-up, not measured: the first pushes of a process are slower (JIT, plan caches), whichever case runs first
    const warmUp = await createActivity(pg, '签到压测：预热')
    const warmKey = newCheckinKey()
    await addKey(pg, warmUp, warmKey)
    const warmUpMs = (await round(phones.slice(0, WARM_UP), warmUp, warmKey, false)).wallMs

    // --- (a) the key is on the server: 300 phones at once, then one after another -------------------------
    const together = await round(phones, act.together, keys.together, true)
    const togetherStates = await states(pg, act.together)
    const togetherProblems = await problems(phones, together, act.together)
    const oneByOne = await round(phones, act.oneByOne, keys.oneByOne, false)
    const oneByOneStates = await states(pg, act.oneByOne)
    const oneByOneProblems = await problems(phones, oneByOne, act.oneByOne)

    // --- (b) the key reaches the server afterwards: 300 pending, then the secretary's phone pushes it -------
    const late = await round(phones, act.late, keys.late, true)
    const lateStates = await states(pg, act.late)
    const lateProblems = await problems(phones, late, act.late)
    const secretaryClient = await signedIn(backend, DEMO.secretary)
    const keyTiming = timed(createSupabaseTransport(secretaryClient))
    const { transport: keyTransport, calls: keyCalls } = counting(keyTiming.transport)
    const secretaryPhone = device(keyTransport)
    const warm = await secretaryPhone.engine.syncNow() // its phone was in use too (not measured)
    if (!warm.ok) throw new Error(`the secretary's first sync failed: ${String(warm.error)}`)
    const keyCallsBefore = { ...keyCalls }
    const keyPushesBefore = keyTiming.pushMs.length
    // the key was made on this phone when the activity was created; it was offline until now
    await secretaryPhone.repos.eventKeys.put({ id: act.late, activity_id: act.late, key: keys.late, branch_id: BRANCH1 })
    t0 = performance.now()
    const keyReport = await secretaryPhone.engine.syncNow()
    const keySyncMs = performance.now() - t0
    if (!keyReport.ok || keyReport.rejected > 0) throw new Error(`the key push failed: ${String(keyReport.error)} rejected ${keyReport.rejected}`)
    const keyPushMs = keyTiming.pushMs.slice(keyPushesBefore).reduce((a, b) => a + b, 0)
    const keyPushes = keyCalls.push - keyCallsBefore.push
    const afterKeyStates = await states(pg, act.late)

    // --- (c) baseline: the secretary records the same 300 present with one roster push (median of 3) --------
    const roster = timed(createSupabaseTransport(secretaryClient))
    const { transport: rosterTransport, calls: rosterCalls } = counting(roster.transport)
    const rosterPhone = device(rosterTransport)
    const warm2 = await rosterPhone.engine.syncNow()
    if (!warm2.ok) throw new Error(`the secretary's first sync failed: ${String(warm2.error)}`)
    const baselines = []
    for (let k = 0; k < BASELINE_RUNS; k += 1) {
      const before = { ...rosterCalls, pushes: roster.pushMs.length }
      const activityId = randomUUID()
      const now = Date.now()
      const t1 = performance.now()
      await rosterPhone.repos.recordActivityWithAttendance(
        { id: activityId, branch_id: BRANCH1, kinds: ['assembly'], title: `签到压测：点名 ${k + 1}`, place: '门诊楼三楼会议室',
          starts_at: new Date(now - 10 * 60_000).toISOString(), ends_at: new Date(now + 100 * 60_000).toISOString(), status: 'held' },
        phones.map((p) => ({ person_id: p.person, status: 'present' as const, checked_in_at: new Date().toISOString() })),
      )
      const t2 = performance.now()
      const report = await rosterPhone.engine.syncNow()
      const t3 = performance.now()
      if (!report.ok || report.rejected > 0) throw new Error(`the roster push failed: ${String(report.error)} rejected ${report.rejected}`)
      baselines.push({
        ms: t3 - t1, syncMs: t3 - t2, pushMs: roster.pushMs.slice(before.pushes).reduce((a, b) => a + b, 0),
        push: rosterCalls.push - before.push, pull: rosterCalls.pull - before.pull, states: await states(pg, activityId),
      })
    }
    const base = [...baselines].sort((x, y) => x.ms - y.ms)[Math.floor(BASELINE_RUNS / 2)]!

    // --- the table ------------------------------------------------------------------------------------------
    const vs = (x: number, by: number) => (by > 0 ? (x / by).toFixed(2) : '')
    const onServer = (s: Record<string, number>) => Object.entries(s).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'
    const row = (name: string, r: Run, s: Record<string, number>) => ({
      case: name, push_trips: r.push, pull_trips: r.pull, ms: ms(r.wallMs),
      mean_sync_ms: ms(mean(r.perMember)), p95_sync_ms: ms(p95(r.perMember)), on_server: onServer(s),
      time_ratio: vs(r.wallMs, base.ms), trips_ratio: vs(r.push, base.push),
    })
    const keyPull = keyCalls.pull - keyCallsBefore.pull
    const bTotalMs = late.wallMs + keySyncMs
    console.log(`\ncheck-in: ${N} members, each on their own phone and account, check in to one activity by its event code (local backend over PGlite)`)
    console.table([
      { case: `baseline: secretary records ${N} present, one roster push`, push_trips: base.push, pull_trips: base.pull,
        ms: ms(base.ms), mean_sync_ms: ms(base.syncMs), p95_sync_ms: '', on_server: onServer(base.states), time_ratio: '1.00', trips_ratio: '1.00' },
      row(`(a) key on server: ${N} phones at once`, together, togetherStates),
      row(`(a) key on server: ${N} phones one after another`, oneByOne, oneByOneStates),
      row(`(b) key not yet on server: ${N} phones at once`, late, lateStates),
      { case: '(b) then the secretary\'s phone pushes the key', push_trips: keyPushes, pull_trips: keyPull, ms: ms(keySyncMs),
        mean_sync_ms: ms(keySyncMs), p95_sync_ms: '', on_server: onServer(afterKeyStates),
        time_ratio: vs(keySyncMs, base.ms), trips_ratio: vs(keyPushes, base.push) },
      { case: '(b) total: check-ins, then the key', push_trips: late.push + keyPushes, pull_trips: late.pull + keyPull, ms: ms(bTotalMs),
        mean_sync_ms: '', p95_sync_ms: '', on_server: onServer(afterKeyStates),
        time_ratio: vs(bTotalMs, base.ms), trips_ratio: vs(late.push + keyPushes, base.push) },
    ])
    const allProblems = [...togetherProblems.map((p) => `(a) at once: ${p}`), ...oneByOneProblems.map((p) => `(a) one by one: ${p}`),
      ...lateProblems.map((p) => `(b): ${p}`)]
    console.log(
      `ms: first write to last phone synced (baseline: record + sync, median of ${BASELINE_RUNS}); *_sync_ms: one phone's syncNow ` +
      `(push + pull, queueing included). One by one, a member's push takes ${ms(mean(oneByOne.pushMs))} ms and pull ` +
      `${ms(mean(oneByOne.pullMs))} ms on average; the roster push alone ${ms(base.pushMs)} ms; the key's push alone ` +
      `${ms(keyPushMs)} ms, re-verifying ${lateStates.pending ?? 0} pending rows. ` +
      (allProblems.length ? `Problems:\n  ${allProblems.join('\n  ')}` : 'No check-in failed or was refused.'))
    console.log(
      `set-up, not counted: ${N} accounts + people by SQL ${ms(setupSqlMs)} ms; ${N} password sign-ins ${ms(signInMs)} ms ` +
      `(20 at a time); ${N} first pulls ${ms(firstPullMs)} ms (${firstPullRows} rows each); warm-up check-ins of ${WARM_UP} phones ${ms(warmUpMs)} ms`)
  } finally {
    await backend.close()
    await pg.close()
  }
}
