-- Cadence (SPEC §3.1): how often a committee's subtree must hold each kind. The same rules on the phones:
-- src/domain/cadence.ts (DEFAULT_CADENCE, cadenceFor). For a branch, the nearest committee above it with a live policy
-- for the kind wins, else the default; both are applied in private.completeness_rows (20261201001100_completeness.sql,
-- its `defaults` and `inherited`). min_count 0 switches a kind off.

-- Policies are set on a committee (cadence here, funding in 20261201001000_funding.sql).
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

create trigger t10_place before insert or update on public.cadence_policies
  for each row execute function private.policy_place();
create trigger t90_stamp before insert or update on public.cadence_policies
  for each row execute function private.stamp_row();

alter table public.cadence_policies enable row level security;
revoke all on public.cadence_policies from anon;
revoke delete, truncate on public.cadence_policies from authenticated;

-- Reviewers see and set the cadence of their subtree; a branch's people read the cadence that applies to it.
create policy cadence_policies_select on public.cadence_policies for select to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer']))
         or org_id in (select private.my_branch_ancestor_ids()));
create policy cadence_policies_insert on public.cadence_policies for insert to authenticated
  with check (org_id in (select private.role_subtree_ids(array['reviewer'])));
create policy cadence_policies_update on public.cadence_policies for update to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer'])))
  with check (org_id in (select private.role_subtree_ids(array['reviewer'])));
