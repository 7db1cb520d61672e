-- Activities (三会一课, 主题党日, 组织生活会, 民主评议) and their attendance.

-- kinds is a set (SPEC §2): an activity counts once toward each kind in it
create function private.is_kind_set(p_kinds text[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select pg_catalog.cardinality(p_kinds) > 0
     and p_kinds <@ array['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review']::text[]
     and (select pg_catalog.count(distinct k) from pg_catalog.unnest(p_kinds) k) = pg_catalog.cardinality(p_kinds)
$$;

create table public.activities (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  group_id uuid references public.orgs (id),
  kinds text[] not null,
  title text,
  topic text,
  starts_at timestamptz not null,
  ends_at timestamptz,
  place text,
  host_id uuid references public.people (id),
  lecturer_id uuid references public.people (id),
  minutes text,
  decisions text,
  status text not null default 'held' check (status in ('planned', 'held', 'cancelled')),
  recorded_at timestamptz not null default now(),
  created_by uuid default auth.uid(),
  received_at timestamptz not null default now(),
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  constraint activities_kinds_valid check (private.is_kind_set(kinds)),
  -- a group meeting names its group, and only a group meeting names one
  constraint activities_group_iff_group_kind check (('group' = any (kinds)) = (group_id is not null)),
  constraint activities_ends_after_start check (ends_at is null or ends_at >= starts_at)
);
comment on table public.activities is 'One real meeting; it counts once toward each kind in kinds (SPEC §2).';
comment on column public.activities.recorded_at is 'Device time when the record was written (client-set, shown as such).';
comment on column public.activities.received_at is 'Server time when the record first arrived (trigger-set).';

create index activities_branch_start_idx on public.activities (branch_id, starts_at);
create index activities_group_idx on public.activities (group_id);
create index activities_root_idx on public.activities (root_id);
create index activities_sync_idx on public.activities (sync_xid, sync_seq);

create function private.activities_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_branch public.orgs;
begin
  select * into v_branch from public.orgs where id = new.branch_id;
  if not found or v_branch.kind <> 'branch' then
    raise exception 'an activity belongs to a branch' using errcode = '23514';
  end if;
  if new.group_id is not null and not exists (
       select 1 from public.orgs g where g.id = new.group_id and g.kind = 'group' and g.parent_id = new.branch_id) then
    raise exception 'the group is not a group of this branch' using errcode = '23514';
  end if;
  if exists (select 1 from public.people p
              where p.id in (new.host_id, new.lecturer_id) and p.branch_id <> new.branch_id) then
    raise exception 'host and lecturer must be people of this branch' using errcode = '23514';
  end if;
  new.root_id := v_branch.root_id;
  if tg_op = 'INSERT' then
    new.received_at := pg_catalog.now();
    new.created_by := coalesce(auth.uid(), new.created_by);
  else
    new.received_at := old.received_at;
    new.created_by := old.created_by;
  end if;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.activities
  for each row execute function private.activities_place();
create trigger t90_stamp before insert or update on public.activities
  for each row execute function private.stamp_row();

alter table public.activities enable row level security;
revoke all on public.activities from anon;
revoke delete, truncate on public.activities from authenticated;

create policy activities_select on public.activities for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer']))
         or branch_id in (select private.my_member_branch_ids()));
create policy activities_insert on public.activities for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy activities_update on public.activities for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])))
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));

create table public.attendance (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references public.activities (id),
  person_id uuid not null references public.people (id),
  status text not null check (status in ('present', 'leave', 'absent')),
  leave_reason text,
  method text not null default 'roster' check (method in ('roster', 'member_code', 'event_code')),
  checked_in_at timestamptz,
  makeup_on date,
  makeup_note text,
  branch_id uuid not null,
  received_at timestamptz not null default now(),
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  constraint attendance_one_per_person unique (activity_id, person_id),
  constraint attendance_makeup_only_if_missed check (makeup_on is null or status <> 'present')
);
comment on table public.attendance is 'Who came, who was on leave, who was absent; 补学 (makeup) for those who missed it.';
comment on column public.attendance.branch_id is 'Copied from the activity by trigger, so RLS needs no join.';

create index attendance_person_idx on public.attendance (person_id);
create index attendance_branch_idx on public.attendance (branch_id);
create index attendance_root_idx on public.attendance (root_id);
create index attendance_sync_idx on public.attendance (sync_xid, sync_seq);

create function private.attendance_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_activity public.activities;
begin
  select * into v_activity from public.activities where id = new.activity_id;
  if not found then
    raise exception 'activity % does not exist', new.activity_id using errcode = '23503';
  end if;
  if not exists (select 1 from public.people p where p.id = new.person_id and p.branch_id = v_activity.branch_id) then
    raise exception 'the person is not on this branch''s roster' using errcode = '23514';
  end if;
  if new.makeup_on is not null and (tg_op = 'INSERT' or new.makeup_on is distinct from old.makeup_on)
     and new.makeup_on > private.shanghai_today() then
    raise exception 'make-up study cannot be dated in the future' using errcode = '23514';
  end if;
  new.branch_id := v_activity.branch_id;
  new.root_id := v_activity.root_id;
  new.received_at := case when tg_op = 'INSERT' then pg_catalog.now() else old.received_at end;
  return new;
end;
$$;

-- A member (not a secretary of the branch) may only fill in their own 补学 (SPEC §4).
create function private.attendance_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_privileged() or private.is_secretary_of(new.branch_id) then
    return new;
  end if;
  if (new.activity_id, new.person_id, new.status, new.leave_reason, new.method, new.checked_in_at, new.deleted_at)
     is distinct from
     (old.activity_id, old.person_id, old.status, old.leave_reason, old.method, old.checked_in_at, old.deleted_at) then
    raise exception 'a member can only record their own make-up study' using errcode = '42501';
  end if;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.attendance
  for each row execute function private.attendance_place();
create trigger t20_guard before update on public.attendance
  for each row execute function private.attendance_guard();
create trigger t90_stamp before insert or update on public.attendance
  for each row execute function private.stamp_row();

alter table public.attendance enable row level security;
revoke all on public.attendance from anon;
revoke delete, truncate on public.attendance from authenticated;

create policy attendance_select on public.attendance for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer']))
         or person_id in (select private.my_person_ids()));
-- Secretaries record anyone of their branch; a member checks in only themself, present, by event code.
create policy attendance_insert on public.attendance for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary']))
              or (person_id in (select private.my_person_ids())
                  and branch_id in (select private.my_member_branch_ids())
                  and status = 'present' and method = 'event_code'));
create policy attendance_update on public.attendance for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary']))
         or person_id in (select private.my_person_ids()))
  with check (branch_id in (select private.role_subtree_ids(array['secretary']))
              or person_id in (select private.my_person_ids()));
