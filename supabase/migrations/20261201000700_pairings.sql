-- 双培养: turning backbones into Party members (backbone_to_member) and members into backbones
-- (member_to_backbone), with a progress log. The app's stricter checks: src/domain/pairings.ts.

create table public.pairings (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  mentor_id uuid not null references public.people (id),
  mentee_id uuid not null references public.people (id),
  track text not null check (track in ('backbone_to_member', 'member_to_backbone')),
  started_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  goal text,
  status text not null default 'active' check (status in ('active', 'achieved', 'ended')),
  ended_on date,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  constraint pairings_two_people check (mentor_id <> mentee_id),
  constraint pairings_ended_after_start check (ended_on is null or ended_on >= started_on),
  -- a closed pairing (achieved, ended) says when it closed; an active one has no end
  constraint pairings_ended_iff_closed check ((status = 'active') = (ended_on is null))
);
comment on table public.pairings is '双培养 pairing of a mentor and a mentee of one branch.';
create index pairings_branch_idx on public.pairings (branch_id);
create index pairings_mentor_idx on public.pairings (mentor_id);
create index pairings_mentee_idx on public.pairings (mentee_id);
create index pairings_sync_idx on public.pairings (sync_xid, sync_seq);

create function private.pairings_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_branch public.orgs;
  v_mentor public.people;
  v_mentee public.people;
begin
  select * into v_branch from public.orgs where id = new.branch_id;
  if not found or v_branch.kind <> 'branch' then
    raise exception 'a pairing belongs to a branch' using errcode = '23514';
  end if;
  select * into v_mentor from public.people where id = new.mentor_id;
  select * into v_mentee from public.people where id = new.mentee_id;
  if v_mentor.branch_id is distinct from new.branch_id or v_mentee.branch_id is distinct from new.branch_id then
    raise exception 'mentor and mentee must be people of this branch' using errcode = '23514';
  end if;
  -- checked when the pairing is made: the mentee of backbone_to_member later becomes a member on purpose
  if tg_op = 'INSERT' or new.mentor_id is distinct from old.mentor_id or new.mentee_id is distinct from old.mentee_id
     or new.track is distinct from old.track then
    if v_mentor.party_status not in ('full', 'probationary') then
      raise exception 'the mentor must be a Party member' using errcode = '23514';
    end if;
    if new.track = 'backbone_to_member' and v_mentee.party_status in ('full', 'probationary') then
      raise exception 'the mentee of backbone_to_member must not yet be a Party member' using errcode = '23514';
    end if;
    if new.track = 'member_to_backbone' and v_mentee.party_status not in ('full', 'probationary') then
      raise exception 'the mentee of member_to_backbone must be a Party member' using errcode = '23514';
    end if;
  end if;
  new.root_id := v_branch.root_id;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.pairings
  for each row execute function private.pairings_place();
create trigger t90_stamp before insert or update on public.pairings
  for each row execute function private.stamp_row();

create table public.pairing_logs (
  id uuid primary key default gen_random_uuid(),
  pairing_id uuid not null references public.pairings (id),
  logged_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  note text,
  milestone text,
  branch_id uuid not null,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
comment on table public.pairing_logs is 'Progress log of a pairing; branch_id is copied from the pairing by trigger.';
create index pairing_logs_pairing_idx on public.pairing_logs (pairing_id);
create index pairing_logs_branch_idx on public.pairing_logs (branch_id);
create index pairing_logs_sync_idx on public.pairing_logs (sync_xid, sync_seq);

create function private.pairing_logs_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_pairing public.pairings;
begin
  select * into v_pairing from public.pairings where id = new.pairing_id;
  if not found then
    raise exception 'pairing % does not exist', new.pairing_id using errcode = '23503';
  end if;
  new.branch_id := v_pairing.branch_id;
  new.root_id := v_pairing.root_id;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.pairing_logs
  for each row execute function private.pairing_logs_place();
create trigger t90_stamp before insert or update on public.pairing_logs
  for each row execute function private.stamp_row();

-- Pairings the user takes part in, as mentor or mentee.
create function private.my_pairing_ids() returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select pr.id from public.pairings pr
   where pr.mentor_id in (select private.my_person_ids()) or pr.mentee_id in (select private.my_person_ids())
$$;

alter table public.pairings enable row level security;
alter table public.pairing_logs enable row level security;
revoke all on public.pairings, public.pairing_logs from anon;
revoke delete, truncate on public.pairings, public.pairing_logs from authenticated;

create policy pairings_select on public.pairings for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer']))
         or id in (select private.my_pairing_ids()));
create policy pairings_insert on public.pairings for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy pairings_update on public.pairings for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])))
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));

create policy pairing_logs_select on public.pairing_logs for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer']))
         or pairing_id in (select private.my_pairing_ids()));
create policy pairing_logs_insert on public.pairing_logs for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy pairing_logs_update on public.pairing_logs for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])))
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
