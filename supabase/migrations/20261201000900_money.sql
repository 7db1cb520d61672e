-- Money actually moving: the unit's matching contributions (recorded by finance) and the branch's
-- expenses (recorded by its secretary). Integer fen only. The funding figures themselves are computed
-- by public.branch_funding and never stored.

create table public.funding_matches (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  year int not null check (year between 2000 and 2100),
  amount_fen bigint not null check (amount_fen > 0),
  note text,
  recorded_on date not null default ((now() at time zone 'Asia/Shanghai')::date),
  like private.sync_columns including defaults
);
comment on table public.funding_matches is 'The unit''s matching contribution to a branch''s Party-building funds for a year.';
create index funding_matches_branch_year_idx on public.funding_matches (branch_id, year);

create table public.expenses (
  id uuid primary key default gen_random_uuid(),
  branch_id uuid not null references public.orgs (id),
  spent_on date not null,
  amount_fen bigint not null check (amount_fen > 0),
  category text,
  activity_id uuid references public.activities (id),
  note text,
  like private.sync_columns including defaults
);
comment on table public.expenses is 'What a branch spent its Party-building funds on; category is free text.';
create index expenses_branch_spent_idx on public.expenses (branch_id, spent_on);
create index expenses_activity_idx on public.expenses (activity_id);

create function private.expenses_activity_check() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if new.activity_id is not null and not exists (
       select 1 from public.activities a where a.id = new.activity_id and a.branch_id = new.branch_id) then
    raise exception 'the activity is not an activity of this branch' using errcode = '23514';
  end if;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.funding_matches
  for each row execute function private.place_on_org('branch_id', 'branch', 'money is recorded for a branch');
create trigger t10_place before insert or update on public.expenses
  for each row execute function private.place_on_org('branch_id', 'branch', 'money is recorded for a branch');
create trigger t11_activity before insert or update on public.expenses
  for each row execute function private.expenses_activity_check();

-- Secretaries, reviewers and finance above the branch read both; finance records matches, the secretary expenses.
select private.protect_table('public.funding_matches', p_readers => array['secretary', 'reviewer', 'finance'],
                             p_writers => array['finance']);
select private.protect_table('public.expenses', p_readers => array['secretary', 'reviewer', 'finance'],
                             p_writers => array['secretary']);
