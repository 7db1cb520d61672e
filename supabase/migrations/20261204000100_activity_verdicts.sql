-- Completeness at district scale (issue 13, docs/scale.md): each activity's verdict — which of its kinds count
-- (SPEC §3.1–3.2) — is kept in private.activity_verdicts by triggers, so branch_completeness groups a few rows
-- per branch and year instead of re-judging every assembly's quorum over people × attendance on each call.
--
-- A verdict depends on the activity (status, deleted_at, starts_at, kinds, branch, group), on its live attendance
-- (any row makes it held with attendance; present rows of voting members make quorum) and on the branch's people
-- (who was a voting member on the day). It does not depend on the as-of day, the year asked or any policy: those
-- stay in the query.

create table private.activity_verdicts (
  activity_id uuid primary key references public.activities (id) on delete cascade,
  branch_id uuid not null,
  group_id uuid,
  on_date date not null,
  -- the year of on_date, so that a year asked is an equality the planner estimates (a date range with unknown
  -- bounds is estimated at a fraction of a percent, and the joins above it turned into nested loops)
  year int not null,
  kinds text[] not null
);
comment on table private.activity_verdicts is
  'Per activity, the kinds it counts toward: none unless held, live and attended; assembly only with quorum. Kept by triggers.';
comment on column private.activity_verdicts.on_date is 'The Shanghai day the activity started on.';
create index activity_verdicts_branch_year_idx on private.activity_verdicts (branch_id, year, on_date)
  include (group_id, kinds);
alter table private.activity_verdicts enable row level security;
revoke all on private.activity_verdicts from public, anon, authenticated;

-- Re-judge the given activities, set-wise (a sync batch or a bulk insert re-judges each activity once).
-- Quorum (SPEC §3.2): present voting members more than half of the voting members expected; voting members are the
-- branch's full members on the day, less approved long-term absences; leave still counts as expected.
create function private.judge_activities(p_ids uuid[]) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  with acts as (
    select a.id, a.branch_id, a.group_id, a.kinds, (a.starts_at at time zone 'Asia/Shanghai')::date as on_date,
           a.status = 'held' and a.deleted_at is null
             and exists (select 1 from public.attendance t where t.activity_id = a.id and t.deleted_at is null) as counts
      from public.activities a
     where a.id in (select private.uuid_set(p_ids))
  ),
  assemblies as (
    select c.id, c.branch_id, c.on_date from acts c where c.counts and 'assembly' = any (c.kinds)
  ),
  voting as (
    select c.id as activity_id, p.id as person_id
      from assemblies c
      join public.people p
        on p.branch_id = c.branch_id and p.deleted_at is null and p.party_status = 'full'
       and not p.excluded_from_quorum
       and (p.confirmed_on is null or p.confirmed_on <= c.on_date)
       and (p.joined_branch_on is null or p.joined_branch_on <= c.on_date)
       and (p.left_branch_on is null or p.left_branch_on > c.on_date)
  ),
  quorum as (
    select v.activity_id, count(t.id) * 2 > count(*) as ok
      from voting v
      left join public.attendance t
        on t.activity_id = v.activity_id and t.person_id = v.person_id and t.status = 'present' and t.deleted_at is null
     group by v.activity_id
  )
  insert into private.activity_verdicts as v (activity_id, branch_id, group_id, on_date, year, kinds)
  select c.id, c.branch_id, c.group_id, c.on_date, extract(year from c.on_date)::int,
         case when not c.counts then '{}'::text[]
              when coalesce(q.ok, false) then c.kinds
              else array_remove(c.kinds, 'assembly') end
    from acts c
    left join quorum q on q.activity_id = c.id
  on conflict (activity_id) do update
     set branch_id = excluded.branch_id, group_id = excluded.group_id, on_date = excluded.on_date, year = excluded.year,
         kinds = excluded.kinds
   where (v.branch_id, v.group_id, v.on_date, v.kinds) is distinct from
         (excluded.branch_id, excluded.group_id, excluded.on_date, excluded.kinds)
$$;
revoke execute on function private.judge_activities(uuid[]) from public, anon, authenticated;

-- Statement-level triggers with transition tables: one re-judgement per statement, whatever its size.
create function private.judge_changed_activities() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.judge_activities(array(select n.id from new_rows n));
  return null;
end
$$;

create function private.judge_attended_activities() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.judge_activities(array(select distinct n.activity_id from new_rows n));
  elsif tg_op = 'UPDATE' then
    perform private.judge_activities(array(select n.activity_id from new_rows n union select o.activity_id from old_rows o));
  else
    perform private.judge_activities(array(select distinct o.activity_id from old_rows o));
  end if;
  return null;
end
$$;

-- A change to people can change who was a voting member: re-judge the assemblies of the branches involved.
create function private.judge_branch_assemblies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_branches uuid[];
begin
  if tg_op = 'INSERT' then
    v_branches := array(select distinct n.branch_id from new_rows n);
  elsif tg_op = 'UPDATE' then
    v_branches := array(select n.branch_id from new_rows n union select o.branch_id from old_rows o);
  else
    v_branches := array(select distinct o.branch_id from old_rows o);
  end if;
  perform private.judge_activities(array(
    select a.id from public.activities a
     where a.branch_id in (select private.uuid_set(v_branches)) and 'assembly' = any (a.kinds)));
  return null;
end
$$;

revoke execute on function private.judge_changed_activities(), private.judge_attended_activities(),
  private.judge_branch_assemblies() from public, anon, authenticated;

create trigger activities_judge_insert after insert on public.activities
  referencing new table as new_rows for each statement execute function private.judge_changed_activities();
create trigger activities_judge_update after update on public.activities
  referencing new table as new_rows for each statement execute function private.judge_changed_activities();

create trigger attendance_judge_insert after insert on public.attendance
  referencing new table as new_rows for each statement execute function private.judge_attended_activities();
create trigger attendance_judge_update after update on public.attendance
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.judge_attended_activities();
create trigger attendance_judge_delete after delete on public.attendance
  referencing old table as old_rows for each statement execute function private.judge_attended_activities();

create trigger people_judge_insert after insert on public.people
  referencing new table as new_rows for each statement execute function private.judge_branch_assemblies();
create trigger people_judge_update after update on public.people
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.judge_branch_assemblies();
create trigger people_judge_delete after delete on public.people
  referencing old table as old_rows for each statement execute function private.judge_branch_assemblies();

select private.judge_activities(array(select a.id from public.activities a));

-- The counting rule, now over the kept verdicts (same contract and results as before).
create or replace function private.completeness_rows(p_branch_ids uuid[], p_year int, p_as_of date)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean, starts_on date)
language sql
stable
security definer
set search_path = ''
as $$
  with params as (
    select coalesce(p_as_of, private.shanghai_today()) as as_of
  ),
  -- branches and kinds are numbered, so that the joins below hash small integers rather than uuids and text
  branches as (
    select b.id, b.path, b.has_committee, (row_number() over ())::int as bn
      from public.orgs b
     where b.kind = 'branch' and b.deleted_at is null
       and b.id in (select private.uuid_set(p_branch_ids))
  ),
  defaults (kc, kind, per, min_count) as (
    values (1, 'assembly', 'quarter', 1), (2, 'committee', 'month', 1), (3, 'group', 'month', 1),
           (4, 'lesson', 'quarter', 1), (5, 'theme_day', 'month', 1), (6, 'org_life', 'year', 1), (7, 'review', 'year', 1)
  ),
  -- the nearest committee above the branch with a live policy for the kind wins
  inherited as (
    select distinct on (b.id, cp.kind) b.id as branch_id, cp.kind, cp.per, cp.min_count
      from branches b
      join public.cadence_policies cp on cp.org_id = any (b.path) and cp.deleted_at is null
     order by b.id, cp.kind, array_position(b.path, cp.org_id) desc
  ),
  policy as (
    select b.id as branch_id, b.bn, b.has_committee, d.kc, d.kind,
           coalesce(i.per, d.per) as per, coalesce(i.min_count, d.min_count) as min_count
      from branches b
     cross join defaults d
      left join inherited i on i.branch_id = b.id and i.kind = d.kind
  ),
  live_groups as (
    select g.parent_id as branch_id, g.id as group_id
      from public.orgs g
     where g.kind = 'group' and g.deleted_at is null and g.parent_id in (select id from branches)
  ),
  -- the 17 periods of the year in grid order: months 1–12, quarters 13–16, the year 17
  periods as (
    select 'month' as per, m as i, to_char(make_date(p_year, m, 1), 'YYYY-MM') as label, make_date(p_year, m, 1) as starts_on
      from generate_series(1, 12) m
    union all
    select 'quarter', 12 + q, p_year || '-Q' || q, make_date(p_year, q * 3 - 2, 1) from generate_series(1, 4) q
    union all
    select 'year', 17, p_year::text, make_date(p_year, 1, 1)
  ),
  -- each counted kind of the year's activities that started by as_of's Shanghai day, with its month
  kinds_held as materialized (
    select b.bn, v.group_id,
           array_position(array['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review'], k.kind) as kc,
           extract(month from v.on_date)::int as m
      from private.activity_verdicts v
      join branches b on b.id = v.branch_id
     cross join params
     cross join unnest(v.kinds) as k (kind)
     where v.year = p_year and v.on_date <= params.as_of
  ),
  counted as (
    select h.bn, h.group_id, h.kc, pol.min_count,
           case pol.per when 'month' then h.m when 'quarter' then 12 + (h.m + 2) / 3 else 17 end as i
      from kinds_held h
      join policy pol on pol.bn = h.bn and pol.kc = h.kc
  ),
  -- per branch, kind and period: how many times it was held; for group, how many of the branch's live groups
  -- met at least min_count times in the period
  held as (
    select ct.bn, ct.kc, ct.i, count(*) as n
      from counted ct where ct.kc <> 3
     group by ct.bn, ct.kc, ct.i
    union all
    select x.bn, 3, x.i, count(*)
      from (select ct.bn, ct.group_id, ct.i, count(*) as meetings, min(ct.min_count) as min_count
              from counted ct
              join live_groups g on g.group_id = ct.group_id
             where ct.kc = 3
             group by ct.bn, ct.group_id, ct.i) x
     where x.meetings >= x.min_count
     group by x.bn, x.i
  ),
  group_counts as (
    select g.branch_id, count(*) as n from live_groups g group by g.branch_id
  ),
  rows as (
    select pol.branch_id, per.label as period, pol.kind, per.starts_on,
           (case pol.kind when 'group' then coalesce(gc.n, 0)
                          when 'committee' then case when pol.has_committee then pol.min_count else 0 end
                          else pol.min_count end)::int as required,
           coalesce(h.n, 0)::int as held
      from policy pol
      join periods per on per.per = pol.per
     cross join params
      left join group_counts gc on gc.branch_id = pol.branch_id
      left join held h on h.bn = pol.bn and h.kc = pol.kc and h.i = per.i
     where per.starts_on <= params.as_of and pol.min_count > 0
  )
  select r.branch_id, r.period, r.kind, r.required, r.held, r.held >= r.required, r.starts_on
    from rows r
   where r.required > 0
$$;
