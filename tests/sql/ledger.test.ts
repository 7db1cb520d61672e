// branch_ledger(p_branch, p_year) (supabase/migrations/20261201001200_ledger.sql): who may read a branch's 台账, and what it says
// about a small year built here — months in Shanghai time, attendance with names, quorum (agreeing with
// branch_completeness), 补录, the roster at the year's end and the year's pairings. On PGlite and on the machine's
// PostgreSQL 15 (skipped, with the reason printed, where there is none; under CI=true a missing server fails).
import { beforeAll, describe, expect, test } from 'vitest'
import { onBothEngines, type OpenEngine, useEngine } from './engines'
import type { Queryable } from './sync/setup'

const hex = (n: number) => n.toString(16).padStart(12, '0')
const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${hex(n)}`

const USERS = ['reviewer', 'districtReviewer', 'secretary', 'finance', 'member', 'otherSecretary', 'otherReviewer', 'stranger'] as const
type User = (typeof USERS)[number]
type Who = User | 'anon' | 'service_role' | 'superuser'
const user = Object.fromEntries(USERS.map((u, i) => [u, id('aaaaaaaa', i + 1)])) as Record<User, string>

const o = { D: id('0000000d', 1), H: id('0000000d', 2), B: id('0000000d', 3), G1: id('0000000d', 4), G2: id('0000000d', 5),
  G3: id('0000000d', 6), B2: id('0000000d', 7), X: id('0000000d', 8), BX: id('0000000d', 9), BGone: id('0000000d', 10) }

// People of B. The ledger of 2025 counts the roster on 2025-12-31.
const p = {
  zhangwei: id('0000000e', 1), // 张伟 full, G1, the member's account
  wangfang: id('0000000e', 2), // 王芳 full, G1
  lina: id('0000000e', 3), // 李娜 full, G2
  liuyang: id('0000000e', 4), // 刘洋 full, G2, excluded from quorum (abroad)
  chenjing: id('0000000e', 5), // 陈静 probationary since 2025-03-01, G1
  yangfan: id('0000000e', 6), // 杨帆 full, G2, joined the branch 2025-06-01
  zhaolei: id('0000000e', 7), // 赵磊 full, left the branch 2025-05-01
  sunli: id('0000000e', 8), // 孙丽 candidate (not a member): attends once
  zhouqiang: id('0000000e', 9), // 周强 full, deleted: never shown
  wumin: id('0000000e', 10), // 吴敏 status full, but confirmed only 2026-01-10: probationary throughout 2025
  zhengjie: id('0000000e', 11), // 郑洁 non-member backbone, mentee
  b2: id('0000000e', 12), // 钱七 of B2
}

// Activities. All times are given in Shanghai (+08).
const a = {
  dec2024: id('0000000a', 1), // 2024-12-31 23:30 +08 = 15:30Z: December 2024
  jan1: id('0000000a', 2), // 2025-01-01 00:30 +08 = 2024-12-31 16:30Z: January 2025, not 2024
  assemblyMet: id('0000000a', 3), // 2025-03-10 assembly + theme day + lesson: 3 of 4 voting present
  groupMeeting: id('0000000a', 4), // 2025-03-20 G2's meeting
  deleted: id('0000000a', 5), // 2025-03-25 deleted
  cancelled: id('0000000a', 6), // 2025-03-28 cancelled
  assemblyMissed: id('0000000a', 7), // 2025-04-08 assembly: 2 of 4 voting present (exactly half)
  lateLesson: id('0000000a', 8), // 2025-04-20 lesson recorded 15 days later (补录)
  committee7Days: id('0000000a', 9), // 2025-04-25 committee meeting recorded exactly 7 days later (not late)
  july: id('0000000a', 10), // 2025-07-01 theme day: 杨帆 has joined, 赵磊 has left
  planned: id('0000000a', 11), // 2025-12-20 planned
  jan2026: id('0000000a', 12), // 2026-01-01 00:30 +08 = 2025-12-31 16:30Z: January 2026, not 2025
  otherBranch: id('0000000a', 13), // B2's theme day
}

const pr = {
  started2024: id('0000000b', 1), // 王芳 → 郑洁, since 2024-09-01, active
  achieved: id('0000000b', 2), // 张伟 → 陈静, 2025-05-01 … 2025-11-30
  endedBefore: id('0000000b', 3), // 2023-01-01 … 2024-12-31: not in 2025
  startsAfter: id('0000000b', 4), // from 2026-02-01: not in 2025
  deleted: id('0000000b', 5),
  endedJan1: id('0000000b', 6), // 2024-03-01 … 2025-01-01: ran one day of 2025
}

const fixture = [
  `insert into auth.users (id, email) values ${USERS.map((u) => `('${user[u]}', '${u}@example.org')`).join(', ')}`,
  `insert into public.orgs (id, parent_id, kind, name, has_committee) values
     ('${o.D}', null, 'committee', '区卫健工委', false),
     ('${o.H}', '${o.D}', 'committee', '市一医院党委', false),
     ('${o.B}', '${o.H}', 'branch', '心内科党支部', true),
     ('${o.G1}', '${o.B}', 'group', '第一党小组', false),
     ('${o.G2}', '${o.B}', 'group', '第二党小组', false),
     ('${o.G3}', '${o.B}', 'group', '第三党小组', false),
     ('${o.B2}', '${o.H}', 'branch', '外科党支部', false),
     ('${o.BGone}', '${o.H}', 'branch', '已撤销党支部', false),
     ('${o.X}', null, 'committee', '另一单位党委', false),
     ('${o.BX}', '${o.X}', 'branch', '另一单位党支部', false)`,
  `update public.orgs set deleted_at = now() where id in ('${o.G3}', '${o.BGone}')`,
  `insert into public.org_roles (user_id, org_id, role) values
     ('${user.reviewer}', '${o.H}', 'reviewer'), ('${user.districtReviewer}', '${o.D}', 'reviewer'),
     ('${user.secretary}', '${o.B}', 'secretary'), ('${user.finance}', '${o.H}', 'finance'),
     ('${user.otherSecretary}', '${o.B2}', 'secretary'), ('${user.otherReviewer}', '${o.X}', 'reviewer')`,
  `insert into public.people (id, branch_id, group_id, user_id, name, party_status, admitted_on, confirmed_on,
                              joined_branch_on, left_branch_on, excluded_from_quorum, quorum_exclusion_reason, is_backbone) values
     ('${p.zhangwei}', '${o.B}', '${o.G1}', '${user.member}', '张伟', 'full', '2010-07-01', '2011-07-01', null, null, false, null, false),
     ('${p.wangfang}', '${o.B}', '${o.G1}', null, '王芳', 'full', '2008-07-01', '2009-07-01', null, null, false, null, false),
     ('${p.lina}', '${o.B}', '${o.G2}', null, '李娜', 'full', '2012-07-01', '2013-07-01', null, null, false, null, false),
     ('${p.liuyang}', '${o.B}', '${o.G2}', null, '刘洋', 'full', '2005-07-01', '2006-07-01', null, null, true, '出国访学', false),
     ('${p.chenjing}', '${o.B}', '${o.G1}', null, '陈静', 'probationary', '2025-03-01', null, null, null, false, null, false),
     ('${p.yangfan}', '${o.B}', '${o.G2}', null, '杨帆', 'full', '2015-07-01', '2016-07-01', '2025-06-01', null, false, null, false),
     ('${p.zhaolei}', '${o.B}', null, null, '赵磊', 'full', '2000-07-01', '2001-07-01', null, '2025-05-01', false, null, false),
     ('${p.sunli}', '${o.B}', null, null, '孙丽', 'candidate', null, null, null, null, false, null, true),
     ('${p.zhouqiang}', '${o.B}', '${o.G1}', null, '周强', 'full', '2009-07-01', '2010-07-01', null, null, false, null, false),
     ('${p.wumin}', '${o.B}', null, null, '吴敏', 'full', '2024-01-10', '2026-01-10', null, null, false, null, false),
     ('${p.zhengjie}', '${o.B}', null, null, '郑洁', 'non_member', null, null, null, null, false, null, true),
     ('${p.b2}', '${o.B2}', null, null, '钱七', 'full', '2012-07-01', '2013-07-01', null, null, false, null, false)`,
  `update public.people set deleted_at = now() where id = '${p.zhouqiang}'`,
  `insert into public.activities (id, branch_id, group_id, kinds, title, topic, place, starts_at, ends_at, host_id, lecturer_id,
                                  lecturer_name, minutes, decisions, status, recorded_at) values
     ('${a.dec2024}', '${o.B}', null, '{theme_day}', '十二月主题党日', null, null, '2024-12-31 23:30+08', null, null, null, null, null, null, 'held', '2025-01-01 01:00+08'),
     ('${a.jan1}', '${o.B}', null, '{theme_day}', '元旦主题党日', null, null, '2025-01-01 00:30+08', null, null, null, null, null, null, 'held', '2025-01-01 02:00+08'),
     ('${a.assemblyMet}', '${o.B}', null, '{assembly,theme_day,lesson}', '三月党员大会暨主题党日', '学习贯彻全会精神', '门诊楼三楼会议室',
      '2025-03-10 14:00+08', '2025-03-10 16:00+08', '${p.zhangwei}', '${p.wangfang}', null, '会议由张伟主持……', '通过发展陈静为预备党员', 'held', '2025-03-10 16:30+08'),
     ('${a.groupMeeting}', '${o.B}', '${o.G2}', '{group}', '第二党小组会', null, null, '2025-03-20 12:00+08', null, null, null, null, null, null, 'held', '2025-03-20 13:00+08'),
     ('${a.deleted}', '${o.B}', null, '{theme_day}', '误建的活动', null, null, '2025-03-25 14:00+08', null, null, null, null, null, null, 'held', '2025-03-25 16:00+08'),
     ('${a.cancelled}', '${o.B}', null, '{theme_day}', '取消的活动', null, null, '2025-03-28 14:00+08', null, null, null, null, null, null, 'cancelled', '2025-03-20 09:00+08'),
     ('${a.assemblyMissed}', '${o.B}', null, '{assembly}', '四月党员大会', null, null, '2025-04-08 14:00+08', null, null, null, null, null, null, 'held', '2025-04-08 16:00+08'),
     ('${a.lateLesson}', '${o.B}', null, '{lesson}', '四月党课', null, null, '2025-04-20 09:00+08', null, null, null, '市委党校 李教授', null, null, 'held', '2025-05-05 10:00+08'),
     ('${a.committee7Days}', '${o.B}', null, '{committee}', '四月支委会', null, null, '2025-04-25 19:00+08', null, null, null, null, null, null, 'held', '2025-05-02 19:00+08'),
     ('${a.july}', '${o.B}', null, '{theme_day}', '七一主题党日', null, null, '2025-07-01 09:00+08', null, null, null, null, null, null, 'held', '2025-07-01 12:00+08'),
     ('${a.planned}', '${o.B}', null, '{theme_day}', '十二月主题党日', null, null, '2025-12-20 09:00+08', null, null, null, null, null, null, 'planned', '2025-12-01 09:00+08'),
     ('${a.jan2026}', '${o.B}', null, '{theme_day}', '2026元旦主题党日', null, null, '2026-01-01 00:30+08', null, null, null, null, null, null, 'held', '2026-01-01 02:00+08'),
     ('${a.otherBranch}', '${o.B2}', null, '{theme_day}', '外科主题党日', null, null, '2025-03-12 14:00+08', null, null, null, null, null, null, 'held', '2025-03-12 16:00+08')`,
  `update public.activities set deleted_at = now() where id = '${a.deleted}'`,
  `insert into public.attendance (activity_id, person_id, status, leave_reason, makeup_on, makeup_note) values
     ('${a.dec2024}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.jan1}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.jan1}', '${p.wangfang}', 'present', null, null, null),
     ('${a.assemblyMet}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.assemblyMet}', '${p.wangfang}', 'present', null, null, null),
     ('${a.assemblyMet}', '${p.lina}', 'present', null, null, null),
     ('${a.assemblyMet}', '${p.zhaolei}', 'leave', '外出进修', null, null),
     ('${a.assemblyMet}', '${p.chenjing}', 'absent', null, '2025-03-15', '自学会议精神'),
     ('${a.groupMeeting}', '${p.lina}', 'present', null, null, null),
     ('${a.groupMeeting}', '${p.sunli}', 'present', null, null, null),
     ('${a.groupMeeting}', '${p.liuyang}', 'leave', '出国访学', null, null),
     ('${a.deleted}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.assemblyMissed}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.assemblyMissed}', '${p.wangfang}', 'present', null, null, null),
     ('${a.assemblyMissed}', '${p.liuyang}', 'present', null, null, null),
     ('${a.assemblyMissed}', '${p.wumin}', 'present', null, null, null),
     ('${a.assemblyMissed}', '${p.lina}', 'leave', '值夜班', null, null),
     ('${a.assemblyMissed}', '${p.zhaolei}', 'absent', null, null, null),
     ('${a.lateLesson}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.july}', '${p.yangfan}', 'present', null, null, null),
     ('${a.jan2026}', '${p.zhangwei}', 'present', null, null, null),
     ('${a.otherBranch}', '${p.b2}', 'present', null, null, null)`,
  // a row removed by the secretary does not count: 王芳 was not at the late lesson after all
  `insert into public.attendance (activity_id, person_id, status, deleted_at) values ('${a.lateLesson}', '${p.wangfang}', 'present', now())`,
  `insert into public.pairings (id, branch_id, mentor_id, mentee_id, track, started_on, goal, status, ended_on) values
     ('${pr.started2024}', '${o.B}', '${p.wangfang}', '${p.zhengjie}', 'backbone_to_member', '2024-09-01', '列为入党积极分子', 'active', null),
     ('${pr.achieved}', '${o.B}', '${p.zhangwei}', '${p.chenjing}', 'member_to_backbone', '2025-05-01', '独立开展介入手术', 'achieved', '2025-11-30'),
     ('${pr.endedBefore}', '${o.B}', '${p.lina}', '${p.zhengjie}', 'backbone_to_member', '2023-01-01', null, 'ended', '2024-12-31'),
     ('${pr.startsAfter}', '${o.B}', '${p.lina}', '${p.sunli}', 'backbone_to_member', '2026-02-01', null, 'active', null),
     ('${pr.deleted}', '${o.B}', '${p.lina}', '${p.sunli}', 'backbone_to_member', '2025-02-01', null, 'active', null),
     ('${pr.endedJan1}', '${o.B}', '${p.lina}', '${p.sunli}', 'backbone_to_member', '2024-03-01', null, 'ended', '2025-01-01')`,
  `update public.pairings set deleted_at = now() where id = '${pr.deleted}'`,
  `insert into public.pairing_logs (pairing_id, logged_on, note, deleted_at) values
     ('${pr.started2024}', '2024-11-01', '谈心谈话', null),
     ('${pr.started2024}', '2025-02-10', '递交入党申请书', null),
     ('${pr.started2024}', '2025-06-15', '参加党课', null),
     ('${pr.started2024}', '2025-07-01', '误记', now()),
     ('${pr.started2024}', '2026-01-05', '列为积极分子', null),
     ('${pr.endedJan1}', '2024-12-01', '谈心谈话', null),
     ('${pr.deleted}', '2025-03-01', '谈心谈话', null)`,
]

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)

type Result = { ok: true; ledger: Ledger } | { ok: false; code: string; message: string }
type Attendance = { expected: number; present: string[]; leave: { name: string; reason: string | null }[]; absent: string[];
  unmarked: string[]; makeup: { name: string; on: string; note: string | null }[] }
type Activity = Record<string, unknown> & { id: string; starts_at: string; kinds: string[]; attendance: Attendance;
  quorum: { voting: number; present: number; met: boolean } | null }
type Ledger = {
  branch: Record<string, unknown>; year: number; generated_at: string
  roster: { full: number; probationary: number; excluded_from_quorum: number; groups: { id: string; name: string; members: number }[] }
  months: { month: string; activities: Activity[] }[]
  pairings: Record<string, unknown>[]
}

/** Runs fn as `who` (claims and role set transaction-locally, as PostgREST does) in a transaction that is rolled back. */
async function as<T>(db: Queryable, who: Who, fn: () => Promise<T>): Promise<T> {
  await db.query('begin')
  try {
    if (who !== 'superuser') {
      const claims = who === 'anon' || who === 'service_role' ? { role: who } : { sub: user[who], role: 'authenticated' }
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)])
      await db.query(`set local role ${who === 'anon' || who === 'service_role' ? who : 'authenticated'}`)
    }
    return await fn()
  } finally {
    await db.query('rollback')
  }
}

async function ledgerAs(db: Queryable, who: Who, branch: string, year: unknown = 2025): Promise<Result> {
  try {
    const { rows } = await as(db, who, () => db.query('select public.branch_ledger($1, $2) as l', [branch, year]))
    return { ok: true, ledger: json((rows[0] as { l: unknown }).l) as Ledger }
  } catch (error) {
    const e = error as { code?: string; message?: string }
    return { ok: false, code: e.code ?? '?', message: e.message ?? String(error) }
  }
}

async function ledgerOf(db: Queryable, branch = o.B, year = 2025, who: Who = 'reviewer'): Promise<Ledger> {
  const r = await ledgerAs(db, who, branch, year)
  if (!r.ok) throw new Error(`branch_ledger as ${who}: ${r.code} ${r.message}`)
  return r.ledger
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/
/** A timestamp from the ledger as an instant (any offset to_jsonb chose), checked to be ISO 8601. */
const instant = (value: unknown): string => {
  expect(value).toMatch(ISO_TIME)
  return new Date(String(value)).toISOString()
}
const at = (shanghai: string) => new Date(shanghai.replace(' ', 'T') + '+08:00').toISOString()
/** Names in code-point order, the order the ledger lists them in (collate "C"). */
const names = (...list: string[]) => [...list].sort()
const activityIn = (ledger: Ledger, activityId: string) => ledger.months.flatMap((m) => m.activities).find((x) => x.id === activityId)

const ACTIVITY_KEYS = ['attendance', 'decisions', 'ends_at', 'group_name', 'host_name', 'id', 'kinds', 'late', 'lecturer_name',
  'minutes', 'place', 'quorum', 'recorded_at', 'starts_at', 'title', 'topic']
const PAIRING_KEYS = ['ended_on', 'goal', 'id', 'last_logged_on', 'log_count', 'mentee_name', 'mentor_name', 'started_on', 'status', 'track']

function suite(name: string, skip: string | undefined, open: OpenEngine) {
  describe.skipIf(skip)(`branch_ledger on ${name}`, () => {
    const db = useEngine(open)
    let ledger: Ledger
    beforeAll(async () => {
      for (const sql of fixture) await db.query(sql)
      ledger = await ledgerOf(db)
    })

    describe('who may read it', () => {
      test.each([
        ['the reviewer of the hospital committee above the branch', 'reviewer'],
        ['the reviewer of the district above that', 'districtReviewer'],
        ['the branch\'s secretary', 'secretary'],
        ['service_role', 'service_role'],
        ['a server session (no API role)', 'superuser'],
      ] as const)('%s: yes', async (_what, who) => {
        const r = await ledgerAs(db, who, o.B)
        expect(r.ok ? r.ledger.branch.id : r).toBe(o.B)
      })

      test.each([
        ['finance of the committee (funding, not the roster)', 'finance'],
        ['a member of the branch', 'member'],
        ['the secretary of another branch of the same committee', 'otherSecretary'],
        ['the reviewer of another committee', 'otherReviewer'],
        ['a signed-in user with no role', 'stranger'],
      ] as const)('%s: no (42501)', async (_what, who) => {
        const r = await ledgerAs(db, who, o.B)
        expect(r.ok ? 'a ledger' : r.code).toBe('42501')
      })

      test('anon may not even call it', async () => {
        const r = await ledgerAs(db, 'anon', o.B)
        expect(r.ok ? 'a ledger' : [r.code, r.message]).toEqual(['42501', expect.stringMatching(/^permission denied for function branch_ledger/)])
      })

      test.each([
        ['an unknown id', '00000000-0000-4000-8000-00000000dead'],
        ['a deleted branch of the subtree', o.BGone],
        ['a committee of the subtree', o.H],
        ['a group of the subtree', o.G1],
        ['a branch outside the subtree', o.BX],
      ])('%s is refused like a hidden branch (42501), for a reviewer and for service_role', async (_what, branch) => {
        for (const who of ['reviewer', 'service_role'] as const) {
          const r = await ledgerAs(db, who, branch)
          const expected = who === 'service_role' && branch === o.BX ? 'a ledger' : '42501'
          expect(r.ok ? 'a ledger' : r.code, who).toBe(expected)
        }
      })

      test.each([[1999], [2101], [null]])('year %s is refused (22023)', async (year) => {
        const r = await ledgerAs(db, 'reviewer', o.B, year)
        expect(r.ok ? 'a ledger' : r.code).toBe('22023')
      })

      test('years 2000 and 2100 are accepted: no activities; in 2100 the pairings still active', async () => {
        const l2000 = await ledgerOf(db, o.B, 2000)
        expect([l2000.year, l2000.months, l2000.pairings]).toEqual([2000, [], []])
        const l2100 = await ledgerOf(db, o.B, 2100)
        expect([l2100.year, l2100.months, l2100.pairings.map((x) => x.id)]).toEqual([2100, [], [pr.started2024, pr.startsAfter]])
      })
    })

    test('the shape: exactly the documented keys', () => {
      expect(Object.keys(ledger).sort()).toEqual(['branch', 'generated_at', 'months', 'pairings', 'roster', 'year'])
      expect(Object.keys(ledger.roster).sort()).toEqual(['excluded_from_quorum', 'full', 'groups', 'probationary'])
      for (const m of ledger.months) {
        expect(Object.keys(m).sort()).toEqual(['activities', 'month'])
        for (const x of m.activities) {
          expect(Object.keys(x).sort(), x.id).toEqual(ACTIVITY_KEYS)
          expect(Object.keys(x.attendance).sort()).toEqual(['absent', 'expected', 'leave', 'makeup', 'present', 'unmarked'])
        }
      }
      for (const x of ledger.pairings) expect(Object.keys(x).sort()).toEqual(PAIRING_KEYS)
    })

    test('the branch, the year and when it was generated', () => {
      expect(ledger.branch).toEqual({ id: o.B, name: '心内科党支部', has_committee: true, parent_name: '市一医院党委' })
      expect(ledger.year).toBe(2025)
      expect(Math.abs(Date.parse(instant(ledger.generated_at)) - Date.now())).toBeLessThan(10 * 60_000)
    })

    test('the roster on 2025-12-31: by status on that day, without those who left, the deleted and non-members', () => {
      // full: 张伟 王芳 李娜 刘洋 杨帆; probationary: 陈静, and 吴敏 (confirmed only in 2026); 赵磊 left, 周强 deleted
      expect(ledger.roster).toEqual({
        full: 5, probationary: 2, excluded_from_quorum: 1,
        // G3 is deleted; 吴敏 belongs to no group
        groups: [{ id: o.G1, name: '第一党小组', members: 3 }, { id: o.G2, name: '第二党小组', members: 3 }],
      })
    })

    test('months: only those with held, live activities, by Shanghai date, in order', () => {
      expect(ledger.months.map((m) => [m.month, m.activities.map((x) => x.id)])).toEqual([
        ['2025-01', [a.jan1]],
        ['2025-03', [a.assemblyMet, a.groupMeeting]],
        ['2025-04', [a.assemblyMissed, a.lateLesson, a.committee7Days]],
        ['2025-07', [a.july]],
      ])
    })

    test('the Shanghai new year decides the ledger, not UTC', async () => {
      // 2025-01-01 00:30 in Shanghai is 2024-12-31 in UTC: in 2025's January, not in 2024
      expect(instant(activityIn(ledger, a.jan1)?.starts_at)).toBe('2024-12-31T16:30:00.000Z')
      const l2024 = await ledgerOf(db, o.B, 2024)
      expect(l2024.months.map((m) => [m.month, m.activities.map((x) => x.id)])).toEqual([['2024-12', [a.dec2024]]])
      const l2026 = await ledgerOf(db, o.B, 2026)
      expect(l2026.months.map((m) => [m.month, m.activities.map((x) => x.id)])).toEqual([['2026-01', [a.jan2026]]])
    })

    test('an assembly with quorum, with everything the record holds', () => {
      const x = activityIn(ledger, a.assemblyMet)
      expect({ ...x, starts_at: instant(x?.starts_at), ends_at: instant(x?.ends_at), recorded_at: instant(x?.recorded_at) }).toEqual({
        id: a.assemblyMet, starts_at: at('2025-03-10 14:00'), ends_at: at('2025-03-10 16:00'),
        kinds: ['assembly', 'theme_day', 'lesson'], title: '三月党员大会暨主题党日', topic: '学习贯彻全会精神', place: '门诊楼三楼会议室',
        group_name: null, host_name: '张伟', lecturer_name: '王芳', minutes: '会议由张伟主持……', decisions: '通过发展陈静为预备党员',
        recorded_at: at('2025-03-10 16:30'), late: false,
        attendance: {
          // members on 03-10: 陈静 admitted 03-01, 赵磊 not yet left; 杨帆 not yet joined, 周强 deleted
          expected: 7,
          present: names('张伟', '王芳', '李娜'),
          leave: [{ name: '赵磊', reason: '外出进修' }],
          absent: ['陈静'],
          unmarked: names('刘洋', '吴敏'),
          makeup: [{ name: '陈静', on: '2025-03-15', note: '自学会议精神' }],
        },
        // voting: 张伟 王芳 李娜 赵磊 (刘洋 excluded, 吴敏 not yet confirmed, 陈静 probationary); 赵磊 on leave still counts
        quorum: { voting: 4, present: 3, met: true },
      })
    })

    test('an assembly without quorum: exactly half is not enough; the excluded and the probationary present do not count', () => {
      const x = activityIn(ledger, a.assemblyMissed)
      expect(x?.attendance).toEqual({
        expected: 7, present: names('张伟', '王芳', '刘洋', '吴敏'), leave: [{ name: '李娜', reason: '值夜班' }],
        absent: ['赵磊'], unmarked: ['陈静'], makeup: [],
      })
      expect(x?.quorum).toEqual({ voting: 4, present: 2, met: false })
    })

    test('a group meeting expects its group\'s members, and lists anyone else who has a row', () => {
      const x = activityIn(ledger, a.groupMeeting)
      expect(x).toMatchObject({ group_name: '第二党小组', kinds: ['group'], quorum: null })
      // G2 on 03-20: 李娜, 刘洋 (杨帆 joins only in June); 孙丽, a candidate without a group, attended
      expect(x?.attendance).toEqual({
        expected: 3, present: names('李娜', '孙丽'), leave: [{ name: '刘洋', reason: '出国访学' }], absent: [], unmarked: [], makeup: [],
      })
    })

    test('补录: recorded more than 7 days after the start; exactly 7 days is not late', () => {
      expect(activityIn(ledger, a.lateLesson)).toMatchObject({ late: true, lecturer_name: '市委党校 李教授', quorum: null })
      expect(instant(activityIn(ledger, a.lateLesson)?.recorded_at)).toBe(at('2025-05-05 10:00'))
      expect(activityIn(ledger, a.committee7Days)).toMatchObject({ late: false })
      expect(ledger.months.flatMap((m) => m.activities).filter((x) => x.late).map((x) => x.id)).toEqual([a.lateLesson])
    })

    test('a removed attendance row is not listed; members without a row are unmarked, except at a committee meeting', () => {
      expect(activityIn(ledger, a.lateLesson)?.attendance).toMatchObject({ present: ['张伟'], unmarked: names('刘洋', '吴敏', '李娜', '王芳', '赵磊', '陈静') })
      // a 支委会 expects its committee, which is not modelled: only those recorded are listed, nobody as unmarked
      expect(activityIn(ledger, a.committee7Days)?.attendance).toEqual({
        expected: 0, present: [], leave: [], absent: [], makeup: [], unmarked: [],
      })
    })

    test('members who joined and left during the year are expected only while on the roster', () => {
      expect(activityIn(ledger, a.july)?.attendance).toMatchObject({
        expected: 7, present: ['杨帆'], unmarked: names('张伟', '王芳', '李娜', '刘洋', '陈静', '吴敏'),
      })
      expect(activityIn(ledger, a.jan1)?.attendance).toMatchObject({
        expected: 6, present: names('张伟', '王芳'), unmarked: names('李娜', '刘洋', '赵磊', '吴敏'),
      })
    })

    test('quorum agrees with branch_completeness: an assembly counts exactly when the ledger says met', async () => {
      const rows = await as(db, 'service_role', async () => (await db.query(
        `select period, held, met from public.branch_completeness(2025, '2025-12-31') where branch_id = $1 and kind = 'assembly' order by period`,
        [o.B])).rows as { period: string; held: number; met: boolean }[])
      const metPerQuarter = (q: string) => ledger.months
        .filter((m) => `2025-Q${Math.ceil(Number(m.month.slice(5)) / 3)}` === q)
        .flatMap((m) => m.activities).filter((x) => x.quorum?.met).length
      expect(rows).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => ({ period: q, held: metPerQuarter(q), met: metPerQuarter(q) > 0 })))
      expect(rows.map((r) => r.held)).toEqual([1, 0, 0, 0])
      // every assembly in the ledger has attendance, so quorum alone decides whether it counted
      for (const x of ledger.months.flatMap((m) => m.activities).filter((y) => y.kinds.includes('assembly'))) {
        expect(x.quorum).not.toBeNull()
        expect(x.attendance.present.length + x.attendance.leave.length + x.attendance.absent.length).toBeGreaterThan(0)
      }
    })

    test('quorum follows a change of the records, as completeness does', async () => {
      // 赵磊 comes back from leave to the April assembly: 3 of 4 — the ledger says met and completeness counts it
      await db.query('begin')
      try {
        await db.query(`update public.attendance set status = 'present', leave_reason = null where activity_id = $1 and person_id = $2`,
          [a.assemblyMissed, p.zhaolei])
        const { rows } = await db.query(`select public.branch_ledger($1, 2025) as l`, [o.B])
        const x = activityIn(json((rows[0] as { l: unknown }).l) as Ledger, a.assemblyMissed)
        expect(x?.quorum).toEqual({ voting: 4, present: 3, met: true })
        await db.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`)
        const q2 = (await db.query(`select held from public.branch_completeness(2025, '2025-12-31') where branch_id = $1 and kind = 'assembly' and period = '2025-Q2'`, [o.B])).rows
        expect(q2).toEqual([{ held: 1 }])
      } finally {
        await db.query('rollback')
      }
    })

    test('pairings running at any time in the year, with that year\'s live logs', () => {
      expect(ledger.pairings).toEqual([
        { id: pr.endedJan1, mentor_name: '李娜', mentee_name: '孙丽', track: 'backbone_to_member', started_on: '2024-03-01',
          status: 'ended', ended_on: '2025-01-01', goal: null, log_count: 0, last_logged_on: null },
        { id: pr.started2024, mentor_name: '王芳', mentee_name: '郑洁', track: 'backbone_to_member', started_on: '2024-09-01',
          status: 'active', ended_on: null, goal: '列为入党积极分子', log_count: 2, last_logged_on: '2025-06-15' },
        { id: pr.achieved, mentor_name: '张伟', mentee_name: '陈静', track: 'member_to_backbone', started_on: '2025-05-01',
          status: 'achieved', ended_on: '2025-11-30', goal: '独立开展介入手术', log_count: 0, last_logged_on: null },
      ])
    })

    test('the ledger of the year still running counts today\'s roster and that year\'s pairings', async () => {
      const l2026 = await ledgerOf(db, o.B, 2026, 'secretary')
      // today (after 2026-01-10) 吴敏 is a full member
      expect([l2026.roster.full, l2026.roster.probationary]).toEqual([6, 1])
      expect(l2026.pairings.map((x) => [x.id, x.log_count, x.last_logged_on])).toEqual([
        [pr.started2024, 1, '2026-01-05'], [pr.startsAfter, 0, null],
      ])
    })

    test('reviewer and secretary get the same ledger', async () => {
      const strip = (l: Ledger) => ({ ...l, generated_at: null })
      expect(strip(await ledgerOf(db, o.B, 2025, 'secretary'))).toEqual(strip(ledger))
    })
  })
}

onBothEngines('zhibu_ledger', suite)
