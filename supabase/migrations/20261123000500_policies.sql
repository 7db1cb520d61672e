-- Rules a committee sets for its subtree: meeting cadence (SPEC §3.1) and the funding rule (SPEC §3.5).
-- For a branch, the nearest committee ancestor with a live policy wins; the defaults live in the functions.

create function private.policy_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.orgs;
begin
  select * into v_org from public.orgs where id = new.org_id;
  if not found or v_org.kind <> 'committee' then
    raise exception 'policies are set on a committee' using errcode = '23514';
  end if;
  new.root_id := v_org.root_id;
  return new;
end;
$$;

create table public.cadence_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  kind text not null check (kind in ('assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review')),
  per text not null check (per in ('month', 'quarter', 'year')),
  min_count int not null check (min_count between 0 and 31),
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
comment on table public.cadence_policies is 'How often a kind must be held in a committee''s subtree; min_count 0 switches it off.';
create unique index cadence_policies_live_key on public.cadence_policies (org_id, kind) where deleted_at is null;
create index cadence_policies_sync_idx on public.cadence_policies (sync_xid, sync_seq);

create table public.funding_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  year int not null check (year between 2000 and 2100),
  rate_fen int not null default 15000 check (rate_fen >= 0),
  match_ratio numeric(6, 3) not null default 1.0 check (match_ratio >= 0),
  census_date date,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
comment on table public.funding_policies is 'Per-member allocation, required match ratio and census date for one year.';
comment on column public.funding_policies.census_date is 'Members are counted on this date; null means Dec 31 of the year before.';
create unique index funding_policies_live_key on public.funding_policies (org_id, year) where deleted_at is null;
create index funding_policies_sync_idx on public.funding_policies (sync_xid, sync_seq);

create trigger t10_place before insert or update on public.cadence_policies
  for each row execute function private.policy_place();
create trigger t90_stamp before insert or update on public.cadence_policies
  for each row execute function private.stamp_row();
create trigger t10_place before insert or update on public.funding_policies
  for each row execute function private.policy_place();
create trigger t90_stamp before insert or update on public.funding_policies
  for each row execute function private.stamp_row();

alter table public.cadence_policies enable row level security;
alter table public.funding_policies enable row level security;
revoke all on public.cadence_policies, public.funding_policies from anon;
revoke delete, truncate on public.cadence_policies, public.funding_policies from authenticated;

-- Reviewers see and set the cadence of their subtree; a branch's people read the cadence that applies to it.
create policy cadence_policies_select on public.cadence_policies for select to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer']))
         or org_id in (select private.my_branch_ancestor_ids()));
create policy cadence_policies_insert on public.cadence_policies for insert to authenticated
  with check (org_id in (select private.role_subtree_ids(array['reviewer'])));
create policy cadence_policies_update on public.cadence_policies for update to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer'])))
  with check (org_id in (select private.role_subtree_ids(array['reviewer'])));

-- Finance sets the funding rule of its subtree; reviewers and the branch's secretaries read it.
create policy funding_policies_select on public.funding_policies for select to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer', 'finance']))
         or org_id in (select unnest(o.path) from public.orgs o
                        where o.id in (select private.role_subtree_ids(array['secretary'])) and o.kind = 'branch'));
create policy funding_policies_insert on public.funding_policies for insert to authenticated
  with check (org_id in (select private.role_subtree_ids(array['finance'])));
create policy funding_policies_update on public.funding_policies for update to authenticated
  using (org_id in (select private.role_subtree_ids(array['finance'])))
  with check (org_id in (select private.role_subtree_ids(array['finance'])));
