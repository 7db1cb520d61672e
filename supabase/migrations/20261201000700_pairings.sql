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
  like private.sync_columns including defaults,
  constraint pairings_two_people check (mentor_id <> mentee_id),
  constraint pairings_ended_after_start check (ended_on is null or ended_on >= started_on),
  -- a closed pairing (achieved, ended) says when it closed; an active one has no end
  constraint pairings_ended_iff_closed check ((status = 'active') = (ended_on is null))
);
comment on table public.pairings is '双培养 pairing of a mentor and a mentee of one branch.';
create index pairings_branch_idx on public.pairings (branch_id);
create index pairings_mentor_idx on public.pairings (mentor_id);
create index pairings_mentee_idx on public.pairings (mentee_id);

create function private.pairings_place() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_mentor public.people;
  v_mentee public.people;
begin
  new.root_id := private.placed_root_id(new.branch_id, 'branch', 'a pairing belongs to a branch');
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
  return new;
end;
$$;

create trigger t10_place before insert or update on public.pairings
  for each row execute function private.pairings_place();

create table public.pairing_logs (
  id uuid primary key default gen_random_uuid(),
  pairing_id uuid not null references public.pairings (id),
  logged_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  note text,
  milestone text,
  branch_id uuid not null,
  like private.sync_columns including defaults
);
comment on table public.pairing_logs is 'Progress log of a pairing; branch_id is copied from the pairing by trigger.';
create index pairing_logs_pairing_idx on public.pairing_logs (pairing_id);
create index pairing_logs_branch_idx on public.pairing_logs (branch_id);

create trigger t10_place before insert or update on public.pairing_logs
  for each row execute function private.place_under_parent('pairings', 'pairing_id', 'pairing');

-- Pairings the user takes part in, as mentor or mentee.
create function private.my_pairing_ids() returns setof uuid language sql stable security definer set search_path = '' as $$
  select pr.id from public.pairings pr
   where pr.mentor_id in (select private.my_person_ids()) or pr.mentee_id in (select private.my_person_ids())
$$;

-- Secretaries and reviewers of the branch and the pair themselves read them; secretaries write them.
select private.protect_table('public.pairings', p_readers => array['secretary', 'reviewer'],
                             p_writers => array['secretary'],
                             p_or_readable => 'id in (select private.my_pairing_ids())');
select private.protect_table('public.pairing_logs', p_readers => array['secretary', 'reviewer'],
                             p_writers => array['secretary'],
                             p_or_readable => 'pairing_id in (select private.my_pairing_ids())');
