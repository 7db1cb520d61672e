-- The roster: members, probationary members, the development path (candidate, activist, applicant) and
-- non-member backbones who take part in 双培养 pairings. No ID numbers, no addresses (SPEC §4 privacy).
-- The rules the app repeats before queueing a write are in src/domain/people.ts.

-- 入党申请 → 入党积极分子 → 发展对象 → 预备党员 (admitted_on) → 正式党员 (confirmed_on). True when the known (non-null)
-- dates are in non-decreasing order: gaps are allowed, a later stage is never dated before an earlier one, whichever
-- stages in between are unknown.
create function private.known_dates_in_order(variadic p_dates date[]) returns boolean
language sql immutable set search_path = '' as $$
  select coalesce(pg_catalog.bool_and(x.d >= x.prev), true)
    from (select u.d, pg_catalog.lag(u.d) over (order by u.i) as prev
            from pg_catalog.unnest(p_dates) with ordinality as u (d, i)
           where u.d is not null) x
$$;

create table public.people (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  group_id uuid references public.orgs (id),
  user_id uuid references auth.users (id) on delete set null,
  name text not null check (length(btrim(name)) > 0),
  party_status text not null
    check (party_status in ('full', 'probationary', 'candidate', 'activist', 'applicant', 'non_member')),
  admitted_on date,
  confirmed_on date,
  joined_branch_on date,
  left_branch_on date,
  excluded_from_quorum boolean not null default false,
  is_backbone boolean not null default false,
  department text,
  title text,
  like private.sync_columns including defaults,
  applied_on date,
  activist_on date,
  candidate_on date,
  quorum_exclusion_reason text,
  constraint people_member_admitted check (party_status not in ('full', 'probationary') or admitted_on is not null),
  constraint people_confirmed_after_admitted check (confirmed_on is null or admitted_on is null or confirmed_on >= admitted_on),
  constraint people_left_after_joined check (left_branch_on is null or joined_branch_on is null or left_branch_on >= joined_branch_on),
  -- a later stage is never dated before an earlier one, whichever stages in between are unknown (decisions §14)
  constraint people_path_in_order
    check (private.known_dates_in_order(applied_on, activist_on, candidate_on, admitted_on, confirmed_on)),
  -- an exclusion from quorum says why
  constraint people_quorum_exclusion_reason
    check ((not excluded_from_quorum
            or (quorum_exclusion_reason is not null and length(btrim(quorum_exclusion_reason)) > 0))
           and (quorum_exclusion_reason is null or length(quorum_exclusion_reason) <= 200))
);
comment on table public.people is 'Roster of a branch (SPEC §5). Transfer out sets left_branch_on; rows are never hard-deleted.';
comment on column public.people.excluded_from_quorum is 'Approved long-term absence: neither expected nor present for assembly quorum (SPEC §3.2).';
comment on column public.people.applied_on is 'Day the application to join the Party was handed in (入党申请).';
comment on column public.people.activist_on is 'Day listed as activist (确定为入党积极分子).';
comment on column public.people.candidate_on is 'Day listed as candidate for development (列为发展对象).';
comment on column public.people.quorum_exclusion_reason is 'Why the member is excluded from quorum (出国、长期病休…); required while excluded.';

create index people_branch_idx on public.people (branch_id);
create index people_group_idx on public.people (group_id);
create index people_user_idx on public.people (user_id);
create index people_root_idx on public.people (root_id);

-- Linking a person to a sign-in account is the server's job (invitations): a client cannot claim one.
create function private.people_guard() returns trigger language plpgsql set search_path = '' as $$
begin
  if not private.is_privileged()
     and new.user_id is distinct from (case when tg_op = 'UPDATE' then old.user_id end) then
    raise exception 'only the server links a person to an account' using errcode = '42501';
  end if;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.people
  for each row execute function private.place_on_org('branch_id', 'branch', 'a person belongs to a branch');
create trigger t20_guard before insert or update on public.people
  for each row execute function private.people_guard();

-- Also on people: t90_stamp (private.protect_table, below), t12_live_org (20261201001300_org_admin.sql),
-- t95_member_key (20261201000500_checkin.sql) and the verdict triggers people_judge_* (20261201000600_quorum.sql).

-- The whole row: secretaries and reviewers of the branch, and the person themself; secretaries write it.
select private.protect_table('public.people', p_readers => array['secretary', 'reviewer'],
                             p_writers => array['secretary'], p_or_readable => 'user_id = (select auth.uid())');

-- Members see their branch's roster by name only (SPEC §4): a view owned by the migration role, which
-- filters by the caller itself. Tombstones stay visible so that deletions reach members' devices; the pull
-- position (sync_xid, sync_seq) lets members sync names.
create view public.roster as
  select p.id, p.branch_id, p.group_id, p.name, p.updated_at, p.deleted_at, p.sync_xid, p.sync_seq
    from public.people p
   where p.branch_id in (select private.my_member_branch_ids())
      or p.branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer']));
comment on view public.roster is 'Names of the people of the branches the caller belongs to or reviews.';
revoke all on public.roster from anon;
revoke insert, update, delete, truncate on public.roster from authenticated;
grant select on public.roster to authenticated;
