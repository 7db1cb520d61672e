-- Party-building funds (SPEC §3.5): the rule a committee's finance sets for a year (funding_policies) and each
-- branch's figures (branch_funding), computed from the roster on the census date, never stored. The same rules on
-- the phones: src/domain/funding.ts.

create table public.funding_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  year int not null check (year between 2000 and 2100),
  rate_fen int not null default 15000 check (rate_fen >= 0),
  match_ratio numeric(6, 3) not null default 1.0 check (match_ratio >= 0),
  census_date date,
  like private.sync_columns including defaults
);
comment on table public.funding_policies is 'Per-member allocation, required match ratio and census date for one year.';
comment on column public.funding_policies.census_date is 'Members are counted on this date; null means Dec 31 of the year before.';
create unique index funding_policies_live_key on public.funding_policies (org_id, year) where deleted_at is null;

create trigger t10_place before insert or update on public.funding_policies
  for each row execute function private.place_on_org('org_id', 'committee', 'policies are set on a committee');

-- Finance sets the funding rule of its subtree; reviewers and the branch's secretaries read it.
select private.protect_table('public.funding_policies', p_readers => array['reviewer', 'finance'],
                             p_writers => array['finance'], p_column => 'org_id', p_on_committees => true,
                             p_or_readable => 'org_id in (select unnest(o.path) from public.orgs o
                                                where o.id in (select private.role_subtree_ids(array[''secretary'']))
                                                  and o.kind = ''branch'')');

-- Finance may not read the roster but gets member_count, hence SECURITY DEFINER with the visibility check in
-- private.visible_branch_ids. Keyset-paged by (branch_name, branch_id): called with p_year alone it answers every
-- visible branch.
create function public.branch_funding(p_year int, p_after_name text default null, p_after_id uuid default null,
                                      p_limit int default null)
returns table (branch_id uuid, branch_name text, member_count int, rate_fen int, allocation_fen bigint,
               required_match_fen bigint, matched_fen bigint, shortfall_fen bigint, available_fen bigint,
               spent_fen bigint, balance_fen bigint)
language sql stable security definer set search_path = '' as $$
  with branches as (
    select b.id, b.name, b.path from private.visible_branch_page('funding', p_after_name, p_after_id, p_limit) b
  ),
  -- the nearest committee above the branch with a live policy for the year wins
  inherited as (
    select distinct on (b.id) b.id as branch_id, fp.rate_fen, fp.match_ratio, fp.census_date
      from branches b
      join public.funding_policies fp on fp.org_id = any (b.path) and fp.year = p_year and fp.deleted_at is null
     order by b.id, array_position(b.path, fp.org_id) desc
  ),
  rule as (
    select b.id, b.name,
           coalesce(i.rate_fen, 15000) as rate_fen,
           coalesce(i.match_ratio, 1.000)::numeric(6, 3) as match_ratio,
           coalesce(i.census_date, make_date(p_year - 1, 12, 31)) as census_date
      from branches b
      left join inherited i on i.branch_id = b.id
  ),
  members as (
    select r.id, count(p.id)::int as n
      from rule r
      join public.people p
        on p.branch_id = r.id and p.deleted_at is null and p.party_status in ('full', 'probationary')
       and p.admitted_on <= r.census_date
       and (p.joined_branch_on is null or p.joined_branch_on <= r.census_date)
       and (p.left_branch_on is null or p.left_branch_on > r.census_date)
     group by r.id
  ),
  matched as (
    select m.branch_id, sum(m.amount_fen)::bigint as fen
      from public.funding_matches m
     where m.branch_id in (select id from branches) and m.year = p_year and m.deleted_at is null
     group by m.branch_id
  ),
  spent as (
    select e.branch_id, sum(e.amount_fen)::bigint as fen
      from public.expenses e
     where e.branch_id in (select id from branches) and e.deleted_at is null
       and e.spent_on >= make_date(p_year, 1, 1) and e.spent_on < make_date(p_year + 1, 1, 1)
     group by e.branch_id
  ),
  figures as (
    select r.id, r.name, coalesce(mb.n, 0) as member_count, r.rate_fen,
           coalesce(mb.n, 0)::bigint * r.rate_fen as allocation_fen,
           r.match_ratio, coalesce(ma.fen, 0) as matched_fen, coalesce(sp.fen, 0) as spent_fen
      from rule r
      left join members mb on mb.id = r.id
      left join matched ma on ma.branch_id = r.id
      left join spent sp on sp.branch_id = r.id
  )
  select f.id, f.name, f.member_count, f.rate_fen, f.allocation_fen,
         ceil(f.allocation_fen * f.match_ratio)::bigint as required_match_fen,
         f.matched_fen,
         greatest(0, ceil(f.allocation_fen * f.match_ratio)::bigint - f.matched_fen) as shortfall_fen,
         f.allocation_fen + f.matched_fen as available_fen,
         f.spent_fen,
         f.allocation_fen + f.matched_fen - f.spent_fen as balance_fen
    from figures f
   order by f.name, f.id
$$;

comment on function public.branch_funding(int, text, uuid, int) is
  'Per visible branch: members on the census date, allocation, required match (rounded up), matched, spent, balance, in fen; pages of at most 1000 after (p_after_name, p_after_id) when p_limit is given.';
revoke execute on function public.branch_funding(int, text, uuid, int) from public, anon;
grant execute on function public.branch_funding(int, text, uuid, int) to authenticated, service_role;
