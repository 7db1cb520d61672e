-- branch_funding: the Party-building funds of each visible branch for a year (SPEC §3.5), computed from the
-- roster on the census date; finance may not read the roster but gets member_count, hence SECURITY DEFINER.

create function public.branch_funding(p_year int)
returns table (branch_id uuid, branch_name text, member_count int, rate_fen int, allocation_fen bigint,
               required_match_fen bigint, matched_fen bigint, shortfall_fen bigint, available_fen bigint,
               spent_fen bigint, balance_fen bigint)
language sql
stable
security definer
set search_path = ''
as $$
  with branches as (
    select b.id, b.name, b.path
      from public.orgs b
     where b.kind = 'branch' and b.deleted_at is null
       and b.id in (select private.visible_branch_ids('funding'))
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

comment on function public.branch_funding(int) is
  'Per visible branch: members on the census date, allocation, required match (rounded up), matched, spent, balance, in fen.';

revoke execute on function public.branch_funding(int) from public, anon;
grant execute on function public.branch_funding(int) to authenticated, service_role;
