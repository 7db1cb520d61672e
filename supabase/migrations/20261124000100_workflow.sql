-- The secretary's whole workflow (issue 5): the mentee's path to membership, the reason for a quorum exclusion,
-- an outside lecturer, a 补学 that cannot predate the meeting it makes up for, a closed pairing's end day, and
-- groups that secretaries can really create through sync.
--
-- Only nullable columns and new checks: a device built before this migration neither sends nor needs the
-- new columns, so the sync schema version stays 1 (docs/decisions.md §14). Rows that break a new rule are
-- refused one by one with SQLSTATE 23514 and land in the device's 需处理 list like any other refusal.

-- ---------------------------------------------------------------------------------------------------------
-- people: 入党申请 → 入党积极分子 → 发展对象 → 预备党员 (admitted_on) → 正式党员 (confirmed_on)
-- ---------------------------------------------------------------------------------------------------------

-- True when the known (non-null) dates are in non-decreasing order: gaps are allowed, a later stage is never
-- dated before an earlier one, whichever stages in between are unknown.
create function private.known_dates_in_order(variadic p_dates date[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(pg_catalog.bool_and(x.d >= x.prev), true)
    from (select u.d, pg_catalog.lag(u.d) over (order by u.i) as prev
            from pg_catalog.unnest(p_dates) with ordinality as u (d, i)
           where u.d is not null) x
$$;

alter table public.people
  add column applied_on date,
  add column activist_on date,
  add column candidate_on date,
  add column quorum_exclusion_reason text;

comment on column public.people.applied_on is 'Day the application to join the Party was handed in (入党申请).';
comment on column public.people.activist_on is 'Day listed as activist (确定为入党积极分子).';
comment on column public.people.candidate_on is 'Day listed as candidate for development (列为发展对象).';
comment on column public.people.quorum_exclusion_reason is 'Why the member is excluded from quorum (出国、长期病休…); required while excluded.';

-- A person marked excluded before this migration gets a visible placeholder the secretary can correct.
update public.people
   set quorum_exclusion_reason = '原因未记录（请补充）'
 where excluded_from_quorum and (quorum_exclusion_reason is null or pg_catalog.btrim(quorum_exclusion_reason) = '');

alter table public.people
  add constraint people_path_in_order
    check (private.known_dates_in_order(applied_on, activist_on, candidate_on, admitted_on, confirmed_on)),
  add constraint people_quorum_exclusion_reason
    check ((not excluded_from_quorum
            or (quorum_exclusion_reason is not null and length(btrim(quorum_exclusion_reason)) > 0))
           and (quorum_exclusion_reason is null or length(quorum_exclusion_reason) <= 200));

-- ---------------------------------------------------------------------------------------------------------
-- activities: a lecturer from the roster (lecturer_id) or from outside (lecturer_name), never both
-- ---------------------------------------------------------------------------------------------------------
alter table public.activities add column lecturer_name text;
comment on column public.activities.lecturer_name is 'An outside speaker (not on the roster), e.g. 市委党校 李教授; excludes lecturer_id.';

alter table public.activities
  add constraint activities_one_lecturer check (lecturer_id is null or lecturer_name is null),
  add constraint activities_lecturer_name_valid
    check (lecturer_name is null or (length(btrim(lecturer_name)) > 0 and length(lecturer_name) <= 100));

-- ---------------------------------------------------------------------------------------------------------
-- attendance: 补学 lies between the activity's Shanghai day and today
-- ---------------------------------------------------------------------------------------------------------
-- Checked when the make-up day (or the activity) is written, like the future-date rule before it: a later
-- edit of other fields never fails because of an older row.
create or replace function private.attendance_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_activity public.activities;
  v_activity_on date;
begin
  select * into v_activity from public.activities where id = new.activity_id;
  if not found then
    raise exception 'activity % does not exist', new.activity_id using errcode = '23503';
  end if;
  if not exists (select 1 from public.people p where p.id = new.person_id and p.branch_id = v_activity.branch_id) then
    raise exception 'the person is not on this branch''s roster' using errcode = '23514';
  end if;
  if new.makeup_on is not null
     and (tg_op = 'INSERT' or new.makeup_on is distinct from old.makeup_on or new.activity_id is distinct from old.activity_id) then
    if new.makeup_on > private.shanghai_today() then
      raise exception 'make-up study cannot be dated in the future' using errcode = '23514';
    end if;
    v_activity_on := (v_activity.starts_at at time zone 'Asia/Shanghai')::date;
    if new.makeup_on < v_activity_on then
      raise exception 'make-up study (%) cannot be dated before the activity (%)', new.makeup_on, v_activity_on
        using errcode = '23514';
    end if;
  end if;
  new.branch_id := v_activity.branch_id;
  new.root_id := v_activity.root_id;
  new.received_at := case when tg_op = 'INSERT' then pg_catalog.now() else old.received_at end;
  return new;
end;
$$;

-- ---------------------------------------------------------------------------------------------------------
-- orgs: a group a secretary creates is readable by the statement that creates it
-- ---------------------------------------------------------------------------------------------------------
-- sync_push inserts with RETURNING, which applies the SELECT policy to the new row. The subtree helper reads
-- orgs as they were before the statement, so it cannot list a group that is being inserted: the insert was
-- refused (42501) although orgs_insert allowed it. A row whose parent is in the caller's subtree is in that
-- subtree, so matching the parent as well shows no committed row that was hidden before.
alter policy orgs_select on public.orgs
  using (id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
         or parent_id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
         or id in (select private.my_member_org_ids()));

-- ---------------------------------------------------------------------------------------------------------
-- pairings: a closed pairing (achieved, ended) says when it closed; an active one has no end
-- ---------------------------------------------------------------------------------------------------------
-- (Already enforced elsewhere: ends_at ≥ starts_at, group meeting ⇔ group_id, mentor ≠ mentee,
-- ended_on ≥ started_on, mentor/mentee status at creation — decisions §7.)
-- Rows written before this migration are made consistent first: a closed pairing without a day takes the
-- day of its last change (never before its start); an active one forgets a stray end day.
update public.pairings
   set ended_on = greatest(started_on, (updated_at at time zone 'Asia/Shanghai')::date)
 where status <> 'active' and ended_on is null;
update public.pairings set ended_on = null where status = 'active' and ended_on is not null;

alter table public.pairings
  add constraint pairings_ended_iff_closed check ((status = 'active') = (ended_on is null));
