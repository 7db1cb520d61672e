-- Quorum (SPEC §3.2) and what each activity counts toward. The same rule on the phones: src/domain/quorum.ts
-- (isVotingMember, assemblyQuorum); the 台账 states it once more for its own figures (private.ledger_months in
-- 20261201001200_ledger.sql, checked equal by tests/sql/ledger.test.ts).
--
-- Each activity's verdict — which of its kinds count (SPEC §3.1–3.2) — is kept in private.activity_verdicts by
-- triggers, so completeness groups a few rows per branch and year instead of re-judging every assembly's quorum
-- over people × attendance on each call (docs/decisions.md §23, docs/scale.md).
--
-- A verdict depends on the activity (status, deleted_at, starts_at, kinds, branch, group), on its live attendance
-- (any row makes it held with attendance; present rows of voting members make quorum) and on the branch's people
-- (who was a voting member on the day). It does not depend on the as-of day, the year asked or any policy: those
-- stay in the query (20261201001100_completeness.sql).

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
language sql volatile security definer set search_path = '' as $$
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
create function private.judge_changed_activities() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  perform private.judge_activities(array(select n.id from new_rows n));
  return null;
end
$$;

create function private.judge_attended_activities() returns trigger language plpgsql security definer set search_path = '' as $$
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
create function private.judge_branch_assemblies() returns trigger language plpgsql security definer set search_path = '' as $$
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

-- attendance_judge_* and people_judge_*: one trigger per event (a trigger with transition tables has one event), each
-- with the transition tables that event has.
do $$
declare
  v record;
  v_event text;
begin
  for v in select * from (values ('attendance', 'judge_attended_activities'), ('people', 'judge_branch_assemblies')) x (tbl, fn)
  loop
    foreach v_event in array array['insert', 'update', 'delete']
    loop
      execute pg_catalog.format(
        'create trigger %I after %s on public.%I referencing %s for each statement execute function private.%I()',
        v.tbl || '_judge_' || v_event, v_event, v.tbl,
        case v_event when 'insert' then 'new table as new_rows' when 'delete' then 'old table as old_rows'
                     else 'old table as old_rows new table as new_rows' end,
        v.fn);
    end loop;
  end loop;
end
$$;
