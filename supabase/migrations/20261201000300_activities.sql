-- Activities (三会一课, 主题党日, 组织生活会, 民主评议): one real meeting, counted once toward each kind in it.
-- Who came is in 20261201000400_attendance.sql; which kinds an activity counts toward in 20261201000600_quorum.sql.

-- kinds is a set (SPEC §2): an activity counts once toward each kind in it
create function private.is_kind_set(p_kinds text[]) returns boolean language sql immutable set search_path = '' as $$
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
  like private.sync_columns including defaults,
  lecturer_name text,
  constraint activities_kinds_valid check (private.is_kind_set(kinds)),
  -- a group meeting names its group, and only a group meeting names one
  constraint activities_group_iff_group_kind check (('group' = any (kinds)) = (group_id is not null)),
  constraint activities_ends_after_start check (ends_at is null or ends_at >= starts_at),
  -- a lecturer from the roster (lecturer_id) or from outside (lecturer_name), never both
  constraint activities_one_lecturer check (lecturer_id is null or lecturer_name is null),
  constraint activities_lecturer_name_valid
    check (lecturer_name is null or (length(btrim(lecturer_name)) > 0 and length(lecturer_name) <= 100))
);
comment on table public.activities is 'One real meeting; it counts once toward each kind in kinds (SPEC §2).';
comment on column public.activities.recorded_at is 'Device time when the record was written (client-set, shown as such).';
comment on column public.activities.received_at is 'Server time when the record first arrived (trigger-set).';
comment on column public.activities.lecturer_name is 'An outside speaker (not on the roster), e.g. 市委党校 李教授; excludes lecturer_id.';

create index activities_branch_start_idx on public.activities (branch_id, starts_at);
create index activities_group_idx on public.activities (group_id);
create index activities_root_idx on public.activities (root_id);

-- Placed like every per-branch row (private.placed_root_id), with host and lecturer from the branch's roster;
-- received_at and created_by are the server's.
create function private.activities_place() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  new.root_id := private.placed_root_id(new.branch_id, 'branch', 'an activity belongs to a branch', new.group_id);
  if exists (select 1 from public.people p
              where p.id in (new.host_id, new.lecturer_id) and p.branch_id <> new.branch_id) then
    raise exception 'host and lecturer must be people of this branch' using errcode = '23514';
  end if;
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

-- Secretaries and reviewers of the branch and its members read it; secretaries write it.
select private.protect_table('public.activities', p_readers => array['secretary', 'reviewer'],
                             p_writers => array['secretary'],
                             p_or_readable => 'branch_id in (select private.my_member_branch_ids())');
