-- Zhibu demo data: one district committee, one hospital committee, four branches, 61 people and a year of
-- 三会一课 ending yesterday (Asia/Shanghai), so every screen has something true to show (SPEC §10).
--
-- Applied once, after the migrations, by `supabase db reset` (config.toml [db.seed]) and by the local
-- PGlite backend. Plain SQL and plpgsql only; pgcrypto is called as extensions.*.
--
-- NOT idempotent, on purpose: the activities are generated relative to the seeding date, so a second run on a
-- later day would pile a second, different year on top of the first. Applying it to a database that already
-- holds the demo raises 'Zhibu demo data is already present' before writing anything; reset the database instead.
--
-- Deterministic: for a given seeding date the rows are the same every time (ids and "random" choices come
-- from md5 of stable keys, never from random()).
--
-- Fixed ids (readable on purpose; tests and tools rely on them):
--   users    00000000-0000-4000-8000-00000000000{1 secretary, 2 member, 3 reviewer, 4 finance}   password zhibu-demo
--   orgs     10000000-…-000000000001 区卫生健康工作委员会, …0002 市第一人民医院党委
--            20000000-…-00000000000{1 内科第一, 2 外科, 3 医技, 4 行政后勤}党支部
--            30000000-…-0000000000{11 心内科, 12 呼吸科, 41 机关后勤}党小组
--   people   40000000-0000-4000-8000-000000000BNN (B = branch 1–4, NN = 01…)

-- ---------------------------------------------------------------------------------------------------------
-- 0. Guard: refuse to run twice
-- ---------------------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from auth.users where id = '00000000-0000-4000-8000-000000000001')
     or exists (select 1 from public.orgs where id = '10000000-0000-4000-8000-000000000001') then
    raise exception 'Zhibu demo data is already present (seed.sql is not idempotent: reset the database instead)';
  end if;
end
$$;

-- ---------------------------------------------------------------------------------------------------------
-- 1. Demo accounts (email + password sign-in through GoTrue; password zhibu-demo)
-- ---------------------------------------------------------------------------------------------------------
-- GoTrue scans the token columns into plain strings: they must be '' rather than NULL.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('zhibu-demo', extensions.gen_salt('bf')), now(),
       '{"provider":"email","providers":["email"]}'::jsonb, '{}'::jsonb, now(), now(), '', '', '', ''
  from (values ('00000000-0000-4000-8000-000000000001'::uuid, 'secretary@demo.zhibu'),
               ('00000000-0000-4000-8000-000000000002'::uuid, 'member@demo.zhibu'),
               ('00000000-0000-4000-8000-000000000003'::uuid, 'reviewer@demo.zhibu'),
               ('00000000-0000-4000-8000-000000000004'::uuid, 'finance@demo.zhibu')) as u (id, email);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id, u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
  from auth.users u
 where u.id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002',
                '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004');

-- ---------------------------------------------------------------------------------------------------------
-- 2. Organisation tree (one level per statement: the placement trigger reads the parent row)
-- ---------------------------------------------------------------------------------------------------------
insert into public.orgs (id, parent_id, kind, name) values
  ('10000000-0000-4000-8000-000000000001', null, 'committee', '区卫生健康工作委员会');

insert into public.orgs (id, parent_id, kind, name) values
  ('10000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'committee', '市第一人民医院党委');

insert into public.orgs (id, parent_id, kind, name, has_committee) values
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002', 'branch', '内科第一党支部', true),
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'branch', '外科党支部', true),
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 'branch', '医技党支部', false),
  ('20000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000002', 'branch', '行政后勤党支部', false);

insert into public.orgs (id, parent_id, kind, name) values
  ('30000000-0000-4000-8000-000000000011', '20000000-0000-4000-8000-000000000001', 'group', '心内科党小组'),
  ('30000000-0000-4000-8000-000000000012', '20000000-0000-4000-8000-000000000001', 'group', '呼吸科党小组'),
  ('30000000-0000-4000-8000-000000000041', '20000000-0000-4000-8000-000000000004', 'group', '机关后勤党小组');

-- ---------------------------------------------------------------------------------------------------------
-- 3. Roles of the demo accounts (the member account has none: it is a person of the branch, below)
-- ---------------------------------------------------------------------------------------------------------
insert into public.org_roles (id, user_id, org_id, role) values
  ('70000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'secretary'),
  ('70000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 'reviewer'),
  ('70000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000002', 'finance');

-- ---------------------------------------------------------------------------------------------------------
-- 4. People: 30 + 14 + 9 + 8. Full members were confirmed one year after admission; probationary members
--    were admitted some months before the seeding date (relative, so they never overstay probation).
--    No ID numbers, addresses or phone numbers (SPEC §4 privacy).
-- ---------------------------------------------------------------------------------------------------------
with today as (select private.shanghai_today() as d),
raw (n, branch, grp, user_id, name, status, admitted_on, joined_on, left_on, excluded, backbone, department, title) as (
  values
  -- 内科第一党支部 (1xx): 心内科党小组 (11) and 呼吸科党小组 (12); the non-members belong to no group
  (101, 1, 11, '00000000-0000-4000-8000-000000000001'::uuid, '王立新', 'full', date '2003-06-20', null::date, null::date, false, true,  '心血管内科', '主任医师'),
  (102, 1, 12, '00000000-0000-4000-8000-000000000002'::uuid, '陈晓雯', 'full', date '2019-05-16', null, null, false, false, '呼吸与危重症医学科', '主治医师'),
  (103, 1, 11, null, '刘建华', 'full', date '2006-07-01', null, null, false, true,  '心血管内科', '副主任医师'),
  (104, 1, 12, null, '赵敏',   'full', date '2004-11-12', null, null, false, true,  '呼吸与危重症医学科', '主任医师'),
  (105, 1, 11, null, '孙丽娟', 'full', date '2009-06-25', null, null, false, false, '心血管内科', '主管护师'),
  (106, 1, 12, null, '周海涛', 'full', date '2010-12-03', null, null, false, true,  '呼吸与危重症医学科', '副主任医师'),
  (107, 1, 11, null, '吴雅琴', 'full', date '2016-05-20', null, null, false, false, '心血管内科', '护师'),
  (108, 1, 11, null, '郑永刚', 'full', date '2012-06-28', null, null, false, false, '心血管内科', '主治医师'),
  (109, 1, 11, null, '冯秀英', 'full', date '1996-07-01', null, null, true,  false, '心血管内科', '主管护师'),
  (110, 1, 12, null, '黄志强', 'full', date '2013-04-18', null, null, false, false, '呼吸与危重症医学科', '主治医师'),
  (111, 1, 12, null, '何静',   'full', date '2011-10-09', null, null, false, false, '呼吸与危重症医学科', '主管护师'),
  (112, 1, 11, null, '林晓峰', 'full', date '2008-05-30', null, null, false, true,  '心血管内科', '副主任医师'),
  (113, 1, 12, null, '罗春梅', 'full', date '2017-06-15', null, null, false, false, '呼吸与危重症医学科', '护师'),
  (114, 1, 11, null, '高鹏',   'full', date '2021-05-26', null, null, false, false, '心血管内科', '住院医师'),
  (115, 1, 12, null, '梁慧敏', 'full', date '2014-07-01', null, null, false, false, '呼吸与危重症医学科', '主治医师'),
  (116, 1, 11, null, '宋国平', 'full', date '2001-06-29', null, null, false, true,  '心血管内科', '主任医师'),
  (117, 1, 12, null, '唐婷',   'full', date '2022-06-10', null, null, false, false, '呼吸与危重症医学科', '住院医师'),
  -- transferred in from another hospital's branch five months before the seeding date
  (118, 1, 11, null, '许文博', 'full', date '2015-11-20', (select d from today) - 150, null, false, false, '心血管内科', '主治医师'),
  (119, 1, 12, null, '韩雪',   'full', date '2018-12-07', null, null, false, false, '呼吸与危重症医学科', '护师'),
  (120, 1, 11, null, '曹德明', 'full', date '2005-04-22', null, null, false, false, '心血管内科', '副主任护师'),
  (121, 1, 12, null, '邓丽',   'full', date '2012-11-16', null, null, false, false, '呼吸与危重症医学科', '主管护师'),
  (122, 1, 11, null, '彭宇航', 'full', date '2019-11-28', null, null, false, false, '心血管内科', '技师'),
  (123, 1, 12, null, '曾凡',   'full', date '2009-12-18', null, null, false, true,  '呼吸与危重症医学科', '副主任医师'),
  (124, 1, 11, null, '谢文娟', 'probationary', (select d from today) - 300, null, null, false, false, '心血管内科', '护师'),
  (125, 1, 12, null, '袁浩然', 'probationary', (select d from today) - 120, null, null, false, false, '呼吸与危重症医学科', '住院医师'),
  (126, 1, null, null, '蒋晨',   'candidate',  null, null, null, false, false, '心血管内科', '住院医师'),
  (127, 1, null, null, '马雨欣', 'activist',   null, null, null, false, false, '呼吸与危重症医学科', '护师'),
  (128, 1, null, null, '董建军', 'activist',   null, null, null, false, true,  '心血管内科', '主治医师'),
  (129, 1, null, null, '于海燕', 'applicant',  null, null, null, false, true,  '呼吸与危重症医学科', '副主任医师'),
  (130, 1, null, null, '潘志远', 'non_member', null, null, null, false, true,  '心血管内科', '主任医师'),
  -- 外科党支部 (2xx): no groups
  (201, 2, null, null, '李卫东', 'full', date '2002-06-18', null, null, false, true,  '普外科', '主任医师'),
  (202, 2, null, null, '张慧',   'full', date '2010-06-30', null, null, false, false, '骨科', '主管护师'),
  (203, 2, null, null, '杨帆',   'full', date '2009-05-12', null, null, false, true,  '普外科', '副主任医师'),
  (204, 2, null, null, '朱明亮', 'full', date '2000-12-15', null, null, false, true,  '骨科', '主任医师'),
  (205, 2, null, null, '胡晓燕', 'full', date '2018-06-22', null, null, false, false, '普外科', '护师'),
  -- transferred out (调往市第二人民医院) three months before the seeding date
  (206, 2, null, null, '徐志勇', 'full', date '2011-06-01', date '2015-03-01', (select d from today) - 92, false, false, '骨科', '主治医师'),
  (207, 2, null, null, '沈佳',   'full', date '2013-07-01', null, null, false, false, '手术室', '主管护师'),
  (208, 2, null, null, '韦国栋', 'full', date '2007-11-23', null, null, false, true,  '麻醉科', '副主任医师'),
  (209, 2, null, null, '崔莉',   'full', date '2015-05-08', null, null, false, false, '普外科', '主治医师'),
  (210, 2, null, null, '钱程',   'full', date '2021-06-18', null, null, false, false, '骨科', '住院医师'),
  (211, 2, null, null, '陆颖',   'probationary', (select d from today) - 240, null, null, false, false, '手术室', '护师'),
  (212, 2, null, null, '金磊',   'activist',   null, null, null, false, true,  '骨科', '主治医师'),
  (213, 2, null, null, '汪思远', 'non_member', null, null, null, false, true,  '普外科', '副主任医师'),
  (214, 2, null, null, '顾倩',   'candidate',  null, null, null, false, false, '麻醉科', '主治医师'),
  -- 医技党支部 (3xx): no committee, no groups
  (301, 3, null, null, '贺永明', 'full', date '2004-06-28', null, null, false, true,  '检验科', '主任技师'),
  (302, 3, null, null, '程丽萍', 'full', date '2008-12-10', null, null, false, true,  '影像科', '副主任医师'),
  (303, 3, null, null, '付强',   'full', date '2012-06-26', null, null, false, false, '药剂科', '主管药师'),
  (304, 3, null, null, '卢晓丹', 'full', date '2014-11-14', null, null, false, false, '检验科', '主管技师'),
  (305, 3, null, null, '蔡文杰', 'full', date '2019-06-21', null, null, false, false, '影像科', '技师'),
  (306, 3, null, null, '田园',   'full', date '2017-05-19', null, null, false, false, '药剂科', '药师'),
  (307, 3, null, null, '姜海波', 'full', date '2011-07-01', null, null, false, false, '病理科', '主治医师'),
  (308, 3, null, null, '范琳',   'probationary', (select d from today) - 180, null, null, false, false, '影像科', '技师'),
  (309, 3, null, null, '苏晨阳', 'applicant',  null, null, null, false, false, '检验科', '技师'),
  -- 行政后勤党支部 (4xx): one group, 机关后勤党小组
  (401, 4, 41, null, '魏红',   'full', date '2003-12-19', null, null, false, false, '院办', '科长'),
  (402, 4, 41, null, '姚建平', 'full', date '2006-06-16', null, null, false, false, '财务科', '会计师'),
  (403, 4, 41, null, '秦雪梅', 'full', date '1999-06-30', null, null, false, true,  '护理部', '主任护师'),
  (404, 4, 41, null, '史振华', 'full', date '2010-07-01', null, null, false, false, '后勤保障科', '工程师'),
  (405, 4, 41, null, '龚婷婷', 'full', date '2016-12-02', null, null, false, false, '人事科', '科员'),
  (406, 4, 41, null, '邵明',   'full', date '2020-06-24', null, null, false, false, '院办', '科员'),
  (407, 4, 41, null, '严芳',   'probationary', (select d from today) - 330, null, null, false, false, '财务科', '助理会计师'),
  (408, 4, null, null, '任思琪', 'activist',   null, null, null, false, false, '信息科', '助理工程师')
)
insert into public.people (id, branch_id, group_id, user_id, name, party_status, admitted_on, confirmed_on,
                           joined_branch_on, left_branch_on, excluded_from_quorum, quorum_exclusion_reason,
                           is_backbone, department, title)
select ('40000000-0000-4000-8000-' || lpad(r.n::text, 12, '0'))::uuid,
       ('20000000-0000-4000-8000-' || lpad(r.branch::text, 12, '0'))::uuid,
       case when r.grp is not null then ('30000000-0000-4000-8000-' || lpad(r.grp::text, 12, '0'))::uuid end,
       r.user_id, r.name, r.status, r.admitted_on,
       case when r.status = 'full' then (r.admitted_on + interval '1 year')::date end,
       r.joined_on, r.left_on, r.excluded,
       case when r.excluded then '长期病休（居家康复），经支委会研究同意' end,
       r.backbone, r.department, r.title
  from raw r;

-- 4b. The path to membership (入党申请 → 入党积极分子 → 发展对象 → 预备党员), in days before the seeding date for
--     those on it now (at least a year as activist before 发展对象, 细则 art. 15), and in calendar dates for two
--     younger full members. 于海燕 (129), the mentee of 内科第一's backbone_to_member pairing, applied 150 days ago.
update public.people p
   set applied_on = coalesce(v.applied, t.d - v.applied_ago),
       activist_on = coalesce(v.activist, t.d - v.activist_ago),
       candidate_on = coalesce(v.candidate, t.d - v.candidate_ago)
  from (select private.shanghai_today() as d) t
 cross join (values
   (114, date '2018-09-30', date '2019-05-06', date '2020-11-20', null::int, null::int, null::int),
   (117, date '2019-10-08', date '2020-04-20', date '2021-09-15', null, null, null),
   (124, null, null, null, 1300, 1100, 420),
   (125, null, null, null, 1000, 820, 260),
   (126, null, null, null, 800, 620, 90),
   (127, null, null, null, 520, 300, null),
   (128, null, null, null, 400, 150, null),
   (129, null, null, null, 150, null, null),
   (211, null, null, null, 1200, 1000, 330),
   (212, null, null, null, 380, 220, null),
   (214, null, null, null, 900, 700, 200),
   (308, null, null, null, 1100, 900, 270),
   (309, null, null, null, 60, null, null),
   (407, null, null, null, 1250, 1050, 420),
   (408, null, null, null, 450, 200, null)
 ) as v (n, applied, activist, candidate, applied_ago, activist_ago, candidate_ago)
 where p.id = ('40000000-0000-4000-8000-' || lpad(v.n::text, 12, '0'))::uuid;

-- ---------------------------------------------------------------------------------------------------------
-- 5. Policies: an explicit lesson cadence on the hospital committee; this year's funding rule on the
--    hospital committee, last year's (a different rate) on the district.
-- ---------------------------------------------------------------------------------------------------------
insert into public.cadence_policies (id, org_id, kind, per, min_count) values
  ('61000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002', 'lesson', 'quarter', 1);

insert into public.funding_policies (id, org_id, year, rate_fen, match_ratio, census_date)
select '60000000-0000-4000-8000-000000000001'::uuid, '10000000-0000-4000-8000-000000000002'::uuid,
       y, 15000, 1.0, make_date(y - 1, 12, 31)
  from (select extract(year from private.shanghai_today())::int as y) t
union all
select '60000000-0000-4000-8000-000000000002'::uuid, '10000000-0000-4000-8000-000000000001'::uuid,
       y - 1, 12000, 1.0, make_date(y - 2, 12, 31)
  from (select extract(year from private.shanghai_today())::int as y) t;

-- ---------------------------------------------------------------------------------------------------------
-- 6. Activities and attendance: the last 11 full months and the current month up to yesterday.
--    Helpers live in pg_temp (gone with the session, dropped at the end anyway).
-- ---------------------------------------------------------------------------------------------------------

-- A stable pseudo-random number 0 … 2^28-1 for a key (same input, same number, on every Postgres).
create function pg_temp.h(p_key text) returns int
language sql immutable
as $$ select ('x' || substr(md5(p_key), 1, 7))::bit(28)::int $$;

-- The given day of the month, moved to Monday when it falls on a weekend.
create function pg_temp.workday(p_month date, p_day int) returns date
language sql immutable
as $$
  select d + case extract(isodow from d)::int when 6 then 2 when 7 then 1 else 0 end
    from (select p_month + (p_day - 1) as d) x
$$;

create function pg_temp.pname(p_id uuid) returns text
language sql stable
as $$ select name from public.people where id = p_id $$;

-- One activity. recorded_at: a couple of hours after the start when held (plus p_late_days for a 补录),
-- the day before for a cancelled one, yesterday evening for a planned one.
create function pg_temp.add_activity(
  p_branch uuid, p_kinds text[], p_on date, p_at time, p_title text, p_topic text, p_place text, p_host uuid,
  p_minutes text default null, p_decisions text default null, p_lecturer uuid default null,
  p_group uuid default null, p_status text default 'held', p_length_min int default 120,
  p_late_days int default 0, p_created_by uuid default null, p_lecturer_name text default null)
returns uuid
language plpgsql
as $$
declare
  v_start timestamptz := (p_on + p_at) at time zone 'Asia/Shanghai';
  v_id uuid := md5(concat_ws('|', 'activity', p_branch, coalesce(p_group::text, '-'), array_to_string(p_kinds, '+'),
                             to_char(p_on, 'YYYY-MM-DD'), p_title))::uuid;
begin
  insert into public.activities (id, branch_id, group_id, kinds, title, topic, starts_at, ends_at, place, host_id,
                                 lecturer_id, lecturer_name, minutes, decisions, status, recorded_at, created_by)
  values (v_id, p_branch, p_group, p_kinds, p_title, p_topic, v_start, v_start + make_interval(mins => p_length_min),
          p_place, p_host, p_lecturer, p_lecturer_name, p_minutes, p_decisions, p_status,
          case p_status when 'held' then v_start + interval '2 hours' + make_interval(days => p_late_days)
                        when 'cancelled' then v_start - interval '1 day'
                        else (private.shanghai_today() - 1 + time '18:00') at time zone 'Asia/Shanghai' end,
          p_created_by);
  return v_id;
end;
$$;

-- Attendance of a held activity, by roster: the Party members of the branch on that day (of its group for a
-- group meeting; only p_only when given, e.g. the committee). Host and lecturer are present; the long-term
-- sick member is on leave (and gets the theme day brought home: 送学上门); otherwise ~88 % present, ~9 % leave,
-- ~3 % absent, by hash. With p_present, only those are present and everyone else is on leave (a meeting short
-- of quorum). About 60 % of those who missed it did 补学 2–7 days later (93 % for activities over 30 days old: a few
-- overdue ones remain for 今日 to show), never after today.
create function pg_temp.take_attendance(p_activity uuid, p_only uuid[] default null, p_present uuid[] default null)
returns void
language plpgsql
as $$
declare
  a public.activities;
  v_on date;
  v_today date := private.shanghai_today();
begin
  select * into a from public.activities where id = p_activity;
  v_on := (a.starts_at at time zone 'Asia/Shanghai')::date;
  insert into public.attendance (id, activity_id, person_id, status, leave_reason, method, makeup_on, makeup_note)
  select md5('attendance|' || a.id || '|' || s.person_id)::uuid, a.id, s.person_id, s.status,
         case when s.status = 'leave' then s.reason end, 'roster',
         case when s.makeup then v_on + 2 + s.r % 6 end,
         case when s.makeup and s.excluded then '支部委员送学上门，学习会议材料'
              when s.makeup then (array['观看会议录像并提交学习心得', '自学会议材料，向党小组长汇报学习体会',
                                        '参加党小组集中补学', '通过线上学习平台学习会议精神'])[1 + s.r % 4] end
    from (select p.id as person_id, x.r, x.status, x.reason, p.excluded_from_quorum as excluded,
                 (x.status <> 'present'
                  and case when p.excluded_from_quorum then 'theme_day' = any (a.kinds)
                           else pg_temp.h('makeup|' || a.id || '|' || p.id) % 100 < case when v_on < v_today - 30 then 93 else 60 end end
                  and v_on + 2 + x.r % 6 <= v_today) as makeup
            from public.people p
           cross join lateral (select pg_temp.h(a.id || '|' || p.id) % 100 as r) hr
           cross join lateral (
             select hr.r,
                    case when p.id = a.host_id or p.id = a.lecturer_id then 'present'
                         when p.excluded_from_quorum then 'leave'
                         when p_present is not null then case when p.id = any (p_present) then 'present' else 'leave' end
                         when hr.r < 3 then 'absent'
                         when hr.r < 12 then 'leave'
                         else 'present' end as status,
                    case when p.excluded_from_quorum then '长期病休'
                         else (array['值班', '出差', '病假', '外出培训', '门诊坐诊', '休假'])[1 + hr.r % 6] end as reason) x
           where p.branch_id = a.branch_id and p.deleted_at is null
             and p.party_status in ('full', 'probationary') and p.admitted_on <= v_on
             and (p.joined_branch_on is null or p.joined_branch_on <= v_on)
             and (p.left_branch_on is null or p.left_branch_on > v_on)
             and (a.group_id is null or p.group_id = a.group_id)
             and (p_only is null or p.id = any (p_only))) s;
end;
$$;

do $seed$
declare
  v_today date := private.shanghai_today();
  v_this_month date := v_today - (extract(day from v_today)::int - 1);
  -- 主题党日 topics by calendar month
  v_theme text[] := array[
    '学习贯彻全国卫生健康工作会议精神',
    '集中学习《中国共产党支部工作条例（试行）》',
    '学雷锋志愿服务：社区义诊与健康宣教',
    '清明祭英烈：缅怀革命先烈，传承红色基因',
    '医德医风专题教育：廉洁行医，守护健康',
    '安全生产月：消防安全培训与应急疏散演练',
    '庆祝建党节：重温入党誓词，过政治生日',
    '中国医师节：弘扬崇高职业精神',
    '深入学习中央八项规定精神，持之以恒纠治“四风”',
    '爱国主义教育：参观院史馆，讲述医院发展故事',
    '学习贯彻全会精神，推动公立医院高质量发展',
    '年终总结：对照党章党规查摆差距'];
  -- 党课 by quarter
  v_lesson text[] := array[
    '以高质量党建引领公立医院高质量发展',
    '坚守医者初心，践行为民宗旨',
    '从典型案例看医疗领域廉洁风险防控',
    '新时代党支部标准化规范化建设'];
  -- 支委会 agenda by calendar month
  v_agenda text[] := array[
    '研究年度党建工作计划和“三会一课”安排',
    '部署组织生活会和民主评议党员工作',
    '讨论入党积极分子培养考察情况',
    '研究二季度主题党日和党课安排',
    '研究年度党员发展计划和“双培养”对象',
    '讨论预备党员教育考察情况',
    '研究“七一”走访慰问老党员、困难党员名单',
    '研究党费收缴和党建工作经费使用',
    '分析党员思想动态，安排谈心谈话',
    '研究四季度主题党日和党课安排',
    '讨论年度党员教育培训完成情况',
    '研究年度工作总结和支部书记抓党建述职'];
  v_decide text[] := array[
    '同意会议安排，由组织委员负责通知和签到。',
    '议定事项分工到人，下次支委会通报进展。',
    '形成一致意见，按程序报院党委备案。',
    '同意方案，宣传委员负责会议记录和材料归档。'];
  b record;
  g record;
  v_off int;
  v_fail_off int;
  v_month date;
  v_y int;
  v_m int;
  v_q int;
  v_qfirst boolean;
  v_on date;
  v_place text;
  v_kinds text[];
  v_title text;
  v_lecturer uuid;
  v_outside text;  -- an outside lecturer (lecturer_name) instead of v_lecturer
  v_id uuid;
begin
  -- 医技党支部's assembly of the latest quarter-opening full month falls short of quorum (most on leave).
  select min(o) into v_fail_off
    from generate_series(1, 11) o
   where extract(month from v_this_month - make_interval(months => o))::int in (1, 4, 7, 10);

  for b in
    select * from (values
      ('in1', '20000000-0000-4000-8000-000000000001'::uuid, 10, 3, true, '门诊楼三楼会议室',
       '40000000-0000-4000-8000-000000000101'::uuid,
       array['40000000-0000-4000-8000-000000000101', '40000000-0000-4000-8000-000000000103',
             '40000000-0000-4000-8000-000000000104', '40000000-0000-4000-8000-000000000105',
             '40000000-0000-4000-8000-000000000106']::uuid[],
       array['40000000-0000-4000-8000-000000000101', '40000000-0000-4000-8000-000000000116',
             '40000000-0000-4000-8000-000000000104', '40000000-0000-4000-8000-000000000103']::uuid[],
       '00000000-0000-4000-8000-000000000001'::uuid),
      ('surg', '20000000-0000-4000-8000-000000000002'::uuid, 12, 5, true, '外科楼五楼示教室',
       '40000000-0000-4000-8000-000000000201'::uuid,
       array['40000000-0000-4000-8000-000000000201', '40000000-0000-4000-8000-000000000202',
             '40000000-0000-4000-8000-000000000203', '40000000-0000-4000-8000-000000000204',
             '40000000-0000-4000-8000-000000000208']::uuid[],
       array['40000000-0000-4000-8000-000000000201', '40000000-0000-4000-8000-000000000204',
             '40000000-0000-4000-8000-000000000203']::uuid[],
       null::uuid),
      ('tech', '20000000-0000-4000-8000-000000000003'::uuid, 18, null::int, true, '医技楼一楼会议室',
       '40000000-0000-4000-8000-000000000301'::uuid, null::uuid[],
       array['40000000-0000-4000-8000-000000000301', '40000000-0000-4000-8000-000000000302']::uuid[],
       null::uuid),
      ('admin', '20000000-0000-4000-8000-000000000004'::uuid, 8, null::int, false, '行政楼二楼党员活动室',
       '40000000-0000-4000-8000-000000000401'::uuid, null::uuid[],
       array['40000000-0000-4000-8000-000000000401', '40000000-0000-4000-8000-000000000403']::uuid[],
       null::uuid)
    ) as v (code, id, theme_day, committee_day, lesson_with_theme, place, secretary, committee, lecturers, created_by)
  loop
    for v_off in reverse 11..0 loop
      v_month := (v_this_month - make_interval(months => v_off))::date;
      v_y := extract(year from v_month)::int;
      v_m := extract(month from v_month)::int;
      v_q := (v_m + 2) / 3;
      v_qfirst := v_m in (1, 4, 7, 10);
      v_lecturer := b.lecturers[1 + (v_y + v_q) % cardinality(b.lecturers)];
      -- 内科第一's lesson of the latest full quarter-opening month was given by a Party school teacher
      v_outside := case when b.code = 'in1' and v_off = v_fail_off then '市委党校 李明华教授' end;
      v_place := case v_m when 3 then '城南社区卫生服务中心' when 7 then '市革命历史纪念馆' when 10 then '院史馆'
                          else b.place end;

      -- 主题党日, in a quarter's first month together with the 党员大会 (and the 党课 where the branch combines them)
      v_on := pg_temp.workday(v_month, b.theme_day);
      if v_on < v_today then
        if b.code = 'in1' and v_off = 0 then
          null;  -- this month's theme day is still due: the demo secretary records it
        elsif b.code = 'surg' and v_off in (1, 3) then
          -- 外科 missed theme days lately; one was planned and cancelled, the assembly was still held
          if v_off = 1 then
            perform pg_temp.add_activity(b.id, array['theme_day'], v_on, '14:30', format('%s年%s月主题党日', v_y, v_m),
                                         v_theme[v_m], v_place, b.secretary,
                                         p_minutes => '因承担突发公共卫生事件医疗救治任务，活动取消，择期另行安排。',
                                         p_status => 'cancelled');
          end if;
          if v_qfirst and v_on + 7 < v_today then
            v_id := pg_temp.add_activity(b.id, array['assembly', 'lesson'], v_on + 7, '17:30',
                      format('%s年第%s季度党员大会暨党课', v_y, v_q), '党课：' || v_lesson[v_q], b.place, b.secretary,
                      format('%s主持。党员大会听取上季度支部工作情况报告；%s讲授专题党课“%s”。',
                             pg_temp.pname(b.secretary), pg_temp.pname(v_lecturer), v_lesson[v_q]),
                      '通过上季度支部工作情况报告；本季度主题党日待手术任务间隙补开。', v_lecturer);
            perform pg_temp.take_attendance(v_id);
          end if;
        else
          v_kinds := case when not v_qfirst then array['theme_day']
                          when b.lesson_with_theme then array['theme_day', 'assembly', 'lesson']
                          else array['theme_day', 'assembly'] end;
          v_title := case when not v_qfirst then format('%s年%s月主题党日', v_y, v_m)
                          when b.lesson_with_theme then format('%s年%s月主题党日暨党员大会、党课', v_y, v_m)
                          else format('%s年%s月主题党日暨党员大会', v_y, v_m) end;
          v_id := pg_temp.add_activity(
                    b.id, v_kinds, v_on, '14:30', v_title,
                    v_theme[v_m] || case when 'lesson' = any (v_kinds) then '；党课：' || v_lesson[v_q] else '' end,
                    v_place, b.secretary,
                    format('%s主持。围绕“%s”集中学习，%s名党员结合岗位交流发言。', pg_temp.pname(b.secretary), v_theme[v_m],
                           3 + pg_temp.h(b.code || v_month) % 4)
                    || case when v_qfirst then '党员大会听取并审议上季度支部工作情况报告。' else '' end
                    || case when 'lesson' = any (v_kinds)
                            then format('%s讲授专题党课“%s”。', coalesce(v_outside, pg_temp.pname(v_lecturer)), v_lesson[v_q])
                            else '' end
                    || case when b.code = 'tech' and v_off = v_fail_off
                            then '有表决权的党员应到7人，实到3人，未超过半数，表决事项改期。' else '' end,
                    case when b.code = 'tech' and v_off = v_fail_off then '上季度工作报告待下次党员大会审议。'
                         when v_qfirst then '通过上季度支部工作情况报告；确定本季度“三会一课”计划。'
                         else v_decide[1 + pg_temp.h(b.code || v_month || 'td') % 4] end,
                    case when 'lesson' = any (v_kinds) and v_outside is null then v_lecturer end,
                    p_late_days => case when b.code = 'tech' and v_off = 2 then 10 else 0 end,
                    p_created_by => b.created_by,
                    p_lecturer_name => case when 'lesson' = any (v_kinds) then v_outside end);
          perform pg_temp.take_attendance(
                    v_id, null,
                    case when b.code = 'tech' and v_off = v_fail_off
                         then array[b.secretary, '40000000-0000-4000-8000-000000000302', '40000000-0000-4000-8000-000000000303']::uuid[]
                    end);
        end if;
      end if;

      -- 党课 on its own, in a quarter's second month, where the branch does not combine it with the theme day
      if not b.lesson_with_theme and v_m in (2, 5, 8, 11) then
        v_on := pg_temp.workday(v_month, 16);
        if v_on < v_today then
          v_id := pg_temp.add_activity(b.id, array['lesson'], v_on, '15:00', format('%s年第%s季度专题党课', v_y, v_q),
                    v_lesson[v_q], b.place, b.secretary,
                    format('%s讲授专题党课“%s”，党员交流学习体会。', pg_temp.pname(v_lecturer), v_lesson[v_q]),
                    null, v_lecturer, p_length_min => 90);
          perform pg_temp.take_attendance(v_id);
        end if;
      end if;

      -- 支委会, monthly where the branch has a committee (外科 skipped one two months ago)
      if b.committee_day is not null and not (b.code = 'surg' and v_off = 2) then
        v_on := pg_temp.workday(v_month, b.committee_day);
        if v_on < v_today then
          v_id := pg_temp.add_activity(b.id, array['committee'], v_on, '12:10', format('%s年%s月支委会', v_y, v_m),
                    v_agenda[v_m], '党支部办公室', b.secretary,
                    format('%s主持。议题：%s。', pg_temp.pname(b.secretary), v_agenda[v_m]),
                    v_decide[1 + pg_temp.h(b.code || v_month || 'cm') % 4],
                    p_length_min => 50, p_created_by => b.created_by);
          perform pg_temp.take_attendance(v_id, b.committee);
        end if;
      end if;

      -- 党小组会, monthly for each group (机关后勤党小组 skipped one five months ago)
      for g in
        select * from (values
          ('20000000-0000-4000-8000-000000000001'::uuid, '30000000-0000-4000-8000-000000000011'::uuid, '心内科党小组',
           '40000000-0000-4000-8000-000000000112'::uuid, 20, '心内科示教室'),
          ('20000000-0000-4000-8000-000000000001'::uuid, '30000000-0000-4000-8000-000000000012'::uuid, '呼吸科党小组',
           '40000000-0000-4000-8000-000000000123'::uuid, 22, '呼吸科医生办公室'),
          ('20000000-0000-4000-8000-000000000004'::uuid, '30000000-0000-4000-8000-000000000041'::uuid, '机关后勤党小组',
           '40000000-0000-4000-8000-000000000402'::uuid, 25, '行政楼二楼党员活动室')
        ) as v (branch_id, group_id, name, leader, day, place)
        where v.branch_id = b.id
      loop
        v_on := pg_temp.workday(v_month, g.day);
        if v_on < v_today and not (g.name = '机关后勤党小组' and v_off = 5) then
          v_id := pg_temp.add_activity(b.id, array['group'], v_on, '17:30', format('%s年%s月%s会', v_y, v_m, g.name),
                    case pg_temp.h(g.name || v_month) % 3
                      when 0 then '传达学习本月主题党日内容，交流科室医德医风情况'
                      when 1 then '学习党章相关章节，讨论改善患者就医体验的措施'
                      else '开展谈心谈话，收集党员和群众意见建议' end,
                    g.place, g.leader,
                    format('%s主持。传达%s月主题党日精神，党员结合本科室工作交流发言%s人次。',
                           pg_temp.pname(g.leader), v_m, 3 + pg_temp.h(g.name || v_month) % 5),
                    null, null, g.group_id, p_length_min => 60, p_created_by => b.created_by);
          perform pg_temp.take_attendance(v_id);
        end if;
      end loop;

      -- 组织生活会 (February) and 民主评议党员 (March) on the previous year; 外科 holds both in one meeting
      if v_m = 2 then
        v_on := pg_temp.workday(v_month, 24);
        if v_on < v_today then
          v_kinds := case when b.code = 'surg' then array['org_life', 'review'] else array['org_life'] end;
          v_id := pg_temp.add_activity(b.id, v_kinds, v_on, '14:00',
                    format('%s年度组织生活会', v_y - 1)
                      || case when b.code = 'surg' then '和民主评议党员' else '' end,
                    '以“强化党性修养、提升服务能力”为主题开展批评和自我批评', b.place, b.secretary,
                    format('%s代表支委会作对照检查，党员逐一发言，开展批评和自我批评，梳理问题%s条。',
                           pg_temp.pname(b.secretary), 4 + pg_temp.h(b.code || v_y) % 5)
                      || case when b.code = 'surg' then '随后进行民主测评。' else '' end,
                    '建立问题整改清单，明确责任人和完成时限，整改情况报院党委。'
                      || case when b.code = 'surg' then '评定优秀党员2名，其余党员均为合格。' else '' end,
                    p_length_min => 180, p_created_by => b.created_by);
          perform pg_temp.take_attendance(v_id);
        end if;
      elsif v_m = 3 and b.code <> 'surg' then
        v_on := pg_temp.workday(v_month, 12);
        if v_on < v_today then
          v_id := pg_temp.add_activity(b.id, array['review'], v_on, '14:30', format('%s年度民主评议党员', v_y - 1),
                    '个人总结、民主测评、组织评定', b.place, b.secretary,
                    '党员逐一作个人总结，开展互评和民主测评，支委会根据测评结果提出评定意见。',
                    format('评定优秀党员%s名，其余党员均为合格，结果报院党委备案。', 1 + pg_temp.h(b.code || v_y) % 3),
                    p_length_min => 150, p_created_by => b.created_by);
          perform pg_temp.take_attendance(v_id);
        end if;
      end if;
    end loop;
  end loop;

  -- Planned in the coming days and weeks (no attendance yet). 内科第一's theme day of this month is among them.
  perform pg_temp.add_activity(
    '20000000-0000-4000-8000-000000000001',
    case when extract(month from v_today)::int in (1, 4, 7, 10) then array['theme_day', 'assembly', 'lesson']
         else array['theme_day'] end,
    least(v_today + 2, (v_this_month + interval '1 month')::date - 1), '14:30',
    format('%s年%s月主题党日', extract(year from v_today), extract(month from v_today)),
    v_theme[extract(month from v_today)::int], '门诊楼三楼会议室', '40000000-0000-4000-8000-000000000101',
    p_lecturer => case when extract(month from v_today)::int in (1, 4, 7, 10)
                       then '40000000-0000-4000-8000-000000000116'::uuid end,
    p_status => 'planned', p_created_by => '00000000-0000-4000-8000-000000000001');
  perform pg_temp.add_activity('20000000-0000-4000-8000-000000000002', array['committee'], v_today + 6, '12:10',
    '支委会：研究年度党员发展计划', '研究下一年度党员发展计划，确定“双培养”重点对象', '党支部办公室',
    '40000000-0000-4000-8000-000000000201', p_status => 'planned', p_length_min => 50);
  perform pg_temp.add_activity('20000000-0000-4000-8000-000000000004', array['lesson'], v_today + 10, '15:00',
    '专题党课：机关作风建设', '改进机关作风，提升服务临床一线水平', '行政楼二楼党员活动室',
    '40000000-0000-4000-8000-000000000401', p_lecturer => '40000000-0000-4000-8000-000000000403',
    p_status => 'planned', p_length_min => 90);
end
$seed$;

-- ---------------------------------------------------------------------------------------------------------
-- 7. 双培养 pairings and their logs (内科第一 and 外科; the 外科 backbone_to_member one went quiet > 90 days ago)
-- ---------------------------------------------------------------------------------------------------------
insert into public.pairings (id, branch_id, mentor_id, mentee_id, track, started_on, goal, status, ended_on)
select v.id::uuid, v.branch_id::uuid, v.mentor::uuid, v.mentee::uuid, v.track, t.d - v.started_ago, v.goal, v.status,
       case when v.ended_ago is not null then t.d - v.ended_ago end
  from (select private.shanghai_today() as d) t
 cross join (values
   ('50000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
    '40000000-0000-4000-8000-000000000101', '40000000-0000-4000-8000-000000000129', 'backbone_to_member', 210,
    '引导于海燕同志端正入党动机，一年内列为入党积极分子', 'active', null::int),
   ('50000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001',
    '40000000-0000-4000-8000-000000000104', '40000000-0000-4000-8000-000000000102', 'member_to_backbone', 300,
    '独立开展支气管镜下介入诊疗，成长为科室青年业务骨干', 'active', null),
   ('50000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002',
    '40000000-0000-4000-8000-000000000201', '40000000-0000-4000-8000-000000000212', 'backbone_to_member', 420,
    '培养金磊同志成为发展对象', 'active', null),
   ('50000000-0000-4000-8000-000000000004', '20000000-0000-4000-8000-000000000002',
    '40000000-0000-4000-8000-000000000204', '40000000-0000-4000-8000-000000000210', 'member_to_backbone', 400,
    '掌握关节镜微创手术，列为科室青年业务骨干', 'achieved', 20)
 ) as v (id, branch_id, mentor, mentee, track, started_ago, goal, status, ended_ago);

insert into public.pairing_logs (id, pairing_id, logged_on, note, milestone)
select ('51000000-0000-4000-8000-' || lpad(v.n::text, 12, '0'))::uuid, v.pairing_id::uuid, t.d - v.ago, v.note, v.milestone
  from (select private.shanghai_today() as d) t
 cross join (values
   (11, '50000000-0000-4000-8000-000000000001', 200, '首次谈心谈话，了解其对党的认识和入党意愿', null::text),
   (12, '50000000-0000-4000-8000-000000000001', 150, '向党组织递交入党申请书，支部指定联系人', '递交入党申请书'),
   (13, '50000000-0000-4000-8000-000000000001', 25, '列席支部主题党日，结合援疆医疗经历交流体会', null),
   (21, '50000000-0000-4000-8000-000000000002', 285, '制定个人业务提升计划，每周跟随带教老师完成支气管镜操作', null),
   (22, '50000000-0000-4000-8000-000000000002', 170, '通过院内支气管镜操作技能考核', '通过院内技能考核'),
   (23, '50000000-0000-4000-8000-000000000002', 40, '在全院疑难病例讨论中主讲重症肺炎病例', null),
   (31, '50000000-0000-4000-8000-000000000003', 400, '谈心谈话，介绍党支部和双培养计划', null),
   (32, '50000000-0000-4000-8000-000000000003', 220, '经支委会研究，确定为入党积极分子', '确定为入党积极分子'),
   (33, '50000000-0000-4000-8000-000000000003', 125, '参加院党委入党积极分子培训班并结业', null),
   (41, '50000000-0000-4000-8000-000000000004', 385, '明确培养目标，由朱明亮主任一对一带教', null),
   (42, '50000000-0000-4000-8000-000000000004', 250, '完成关节镜基础技能培训', null),
   (43, '50000000-0000-4000-8000-000000000004', 90, '独立完成关节镜手术50例，无严重并发症', null),
   (44, '50000000-0000-4000-8000-000000000004', 20, '通过科室考核，列为青年业务骨干', '成为业务骨干')
 ) as v (n, pairing_id, ago, note, milestone);

-- ---------------------------------------------------------------------------------------------------------
-- 8. Money: the unit's matching contributions (医技 is short this year) and the branches' expenses
-- ---------------------------------------------------------------------------------------------------------
do $money$
declare
  v_today date := private.shanghai_today();
  v_y int := extract(year from v_today)::int;
  b record;
  a record;
  v_members int;
  v_required bigint;
  v_first bigint;
  v_on date;
  v_window_start date := (v_today - (extract(day from v_today)::int - 1) - interval '11 months')::date;
begin
  for b in
    select * from (values
      ('20000000-0000-4000-8000-000000000001'::uuid, 'in1', 1.0, 100000, 48000),
      ('20000000-0000-4000-8000-000000000002'::uuid, 'surg', 1.0, 60000, 0),
      ('20000000-0000-4000-8000-000000000003'::uuid, 'tech', 0.5, 30000, 0),
      ('20000000-0000-4000-8000-000000000004'::uuid, 'admin', 1.0, 30000, 24000)
    ) as v (id, code, share, solace_fen, training_fen)
  loop
    -- last year: rate 12000 fen on the district's census (Dec 31 two years back), matched in full
    select count(*) into v_members from public.people p
     where p.branch_id = b.id and p.deleted_at is null and p.party_status in ('full', 'probationary')
       and p.admitted_on <= make_date(v_y - 2, 12, 31)
       and (p.joined_branch_on is null or p.joined_branch_on <= make_date(v_y - 2, 12, 31))
       and (p.left_branch_on is null or p.left_branch_on > make_date(v_y - 2, 12, 31));
    insert into public.funding_matches (id, branch_id, year, amount_fen, note, recorded_on)
    values (md5('match|' || b.id || '|' || (v_y - 1))::uuid, b.id, v_y - 1, v_members * 12000,
            format('%s年度单位配套经费（1:1）', v_y - 1), make_date(v_y - 1, 4, 15));

    -- this year: rate 15000 fen on Dec 31 of last year
    select count(*) into v_members from public.people p
     where p.branch_id = b.id and p.deleted_at is null and p.party_status in ('full', 'probationary')
       and p.admitted_on <= make_date(v_y - 1, 12, 31)
       and (p.joined_branch_on is null or p.joined_branch_on <= make_date(v_y - 1, 12, 31))
       and (p.left_branch_on is null or p.left_branch_on > make_date(v_y - 1, 12, 31));
    v_required := v_members * 15000;
    if b.code = 'in1' and make_date(v_y, 9, 15) <= v_today then
      v_first := round(v_required * 0.6 / 10000) * 10000;  -- two instalments, the first in round hundreds of yuan
      insert into public.funding_matches (id, branch_id, year, amount_fen, note, recorded_on) values
        (md5('match|' || b.id || '|' || v_y || '|1')::uuid, b.id, v_y, v_first,
         format('%s年度单位配套经费（第一批）', v_y), make_date(v_y, 3, 20)),
        (md5('match|' || b.id || '|' || v_y || '|2')::uuid, b.id, v_y, v_required - v_first,
         format('%s年度单位配套经费（第二批）', v_y), make_date(v_y, 9, 15));
    else
      insert into public.funding_matches (id, branch_id, year, amount_fen, note, recorded_on)
      values (md5('match|' || b.id || '|' || v_y || '|1')::uuid, b.id, v_y, ceil(v_required * b.share)::bigint,
              case when b.share < 1 then format('%s年度单位配套经费（上半年），余款待拨付', v_y)
                   else format('%s年度单位配套经费（1:1）', v_y) end,
              least(make_date(v_y, 3, 20), v_today));
    end if;

    -- 学习资料: reading material for the 党课 of the first and third quarters, 25–34 yuan a copy
    for a in
      select x.id, (x.starts_at at time zone 'Asia/Shanghai')::date as on_date,
             (select count(*) from public.attendance t where t.activity_id = x.id) as copies
        from public.activities x
       where x.branch_id = b.id and x.status = 'held' and 'lesson' = any (x.kinds)
         and extract(quarter from x.starts_at at time zone 'Asia/Shanghai') in (1, 3)
    loop
      insert into public.expenses (id, branch_id, spent_on, amount_fen, category, activity_id, note)
      values (md5('expense|book|' || a.id)::uuid, b.id, a.on_date - 3,
              (a.copies + 2) * (2500 + pg_temp.h(a.id::text) % 10 * 100), '学习资料', a.id,
              format('党课学习读本%s册', a.copies + 2));
    end loop;

    -- 活动场地: the July theme day at the memorial hall (guide and coach hire)
    for a in
      select x.id, (x.starts_at at time zone 'Asia/Shanghai')::date as on_date
        from public.activities x
       where x.branch_id = b.id and x.status = 'held' and 'theme_day' = any (x.kinds)
         and x.place = '市革命历史纪念馆'
    loop
      insert into public.expenses (id, branch_id, spent_on, amount_fen, category, activity_id, note)
      values (md5('expense|venue|' || a.id)::uuid, b.id, a.on_date, 30000 + pg_temp.h(b.code) % 5 * 10000, '活动场地',
              a.id, '纪念馆讲解及往返租车');
    end loop;

    -- 慰问: before the Spring Festival (last year's December) and on July 1st, when already past
    v_on := make_date(v_y - 1, 12, 26);
    if v_on >= v_window_start then
      insert into public.expenses (id, branch_id, spent_on, amount_fen, category, note)
      values (md5('expense|solace|' || b.id || '|' || v_on)::uuid, b.id, v_on, b.solace_fen, '慰问',
              '元旦春节走访慰问困难党员、老党员');
    end if;
    v_on := make_date(v_y, 7, 1);
    if v_on < v_today then
      insert into public.expenses (id, branch_id, spent_on, amount_fen, category, note)
      values (md5('expense|solace|' || b.id || '|' || v_on)::uuid, b.id, v_on, b.solace_fen, '慰问',
              '“七一”走访慰问老党员、困难党员');
    end if;

    -- 培训: the secretary (and the organisation member) at the committee's training course, 240 yuan each
    v_on := make_date(v_y, 5, 20);
    if b.training_fen > 0 and v_on < v_today then
      insert into public.expenses (id, branch_id, spent_on, amount_fen, category, note)
      values (md5('expense|training|' || b.id || '|' || v_on)::uuid, b.id, v_on, b.training_fen, '培训',
              format('党务干部培训班资料费（%s人）', b.training_fen / 24000));
    end if;
  end loop;
end
$money$;

-- ---------------------------------------------------------------------------------------------------------
-- 9. Tidy up the session's helpers
-- ---------------------------------------------------------------------------------------------------------
drop function pg_temp.take_attendance(uuid, uuid[], uuid[]);
drop function pg_temp.add_activity(uuid, text[], date, time, text, text, text, uuid, text, text, uuid, uuid, text, int, int, uuid, text);
drop function pg_temp.pname(uuid);
drop function pg_temp.workday(date, int);
drop function pg_temp.h(text);
