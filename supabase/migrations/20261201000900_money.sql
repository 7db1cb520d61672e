-- Money actually moving: the unit's matching contributions (recorded by finance) and the branch's
-- expenses (recorded by its secretary). Integer fen only. The funding figures themselves are computed
-- by public.branch_funding and never stored.

create function private.money_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_branch public.orgs;
begin
  select * into v_branch from public.orgs where id = new.branch_id;
  if not found or v_branch.kind <> 'branch' then
    raise exception 'money is recorded for a branch' using errcode = '23514';
  end if;
  new.root_id := v_branch.root_id;
  return new;
end;
$$;

create table public.funding_matches (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  year int not null check (year between 2000 and 2100),
  amount_fen bigint not null check (amount_fen > 0),
  note text,
  recorded_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
comment on table public.funding_matches is 'The unit''s matching contribution to a branch''s Party-building funds for a year.';
create index funding_matches_branch_year_idx on public.funding_matches (branch_id, year);
create index funding_matches_sync_idx on public.funding_matches (sync_xid, sync_seq);

create table public.expenses (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  spent_on date not null,
  amount_fen bigint not null check (amount_fen > 0),
  category text,
  activity_id uuid references public.activities (id),
  note text,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
comment on table public.expenses is 'What a branch spent its Party-building funds on; category is free text.';
create index expenses_branch_spent_idx on public.expenses (branch_id, spent_on);
create index expenses_activity_idx on public.expenses (activity_id);
create index expenses_sync_idx on public.expenses (sync_xid, sync_seq);

create function private.expenses_activity_check() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.activity_id is not null and not exists (
       select 1 from public.activities a where a.id = new.activity_id and a.branch_id = new.branch_id) then
    raise exception 'the activity is not an activity of this branch' using errcode = '23514';
  end if;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.funding_matches
  for each row execute function private.money_place();
create trigger t90_stamp before insert or update on public.funding_matches
  for each row execute function private.stamp_row();
create trigger t10_place before insert or update on public.expenses
  for each row execute function private.money_place();
create trigger t11_activity before insert or update on public.expenses
  for each row execute function private.expenses_activity_check();
create trigger t90_stamp before insert or update on public.expenses
  for each row execute function private.stamp_row();

alter table public.funding_matches enable row level security;
alter table public.expenses enable row level security;
revoke all on public.funding_matches, public.expenses from anon;
revoke delete, truncate on public.funding_matches, public.expenses from authenticated;

create policy funding_matches_select on public.funding_matches for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance'])));
create policy funding_matches_insert on public.funding_matches for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['finance'])));
create policy funding_matches_update on public.funding_matches for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['finance'])))
  with check (branch_id in (select private.role_subtree_ids(array['finance'])));

create policy expenses_select on public.expenses for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance'])));
create policy expenses_insert on public.expenses for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy expenses_update on public.expenses for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])))
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
