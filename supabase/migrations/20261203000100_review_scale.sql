-- The committee at district scale (issue 13): review screens read one summary per branch in keyset pages under
-- PostgREST's max_rows (1000), and completeness is computed by one internal function that every public entry
-- point calls, for just the branches it needs.
--
-- private.completeness_rows: the counting rule of SPEC §3.1–3.3 (formerly the body of branch_completeness), for
-- the given branches; no visibility check (callers check), plus each row's period start for ordering.
-- The ids of an array as a set the planner takes for a thousand rows, as it took private.visible_branch_ids (the old
-- branch filter): planned as "= any (array)" the branches count as ten rows and every join over them turned into a
-- nested loop, quadratic in the number of branches (docs/scale.md). The SET clause keeps it from being inlined.
create function private.uuid_set(p_ids uuid[]) returns setof uuid
language sql
immutable
rows 1000
set search_path = ''
as $$ select unnest(p_ids) $$;

create function private.completeness_rows(p_branch_ids uuid[], p_year int, p_as_of date)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean, starts_on date)
language sql
stable
security definer
set search_path = ''
as $$
  with params as (
    select coalesce(p_as_of, private.shanghai_today()) as as_of,
           make_date(p_year, 1, 1)::timestamp at time zone 'Asia/Shanghai' as year_start,
           make_date(p_year + 1, 1, 1)::timestamp at time zone 'Asia/Shanghai' as year_end
  ),
  branches as (
    select b.id, b.path, b.has_committee
      from public.orgs b
     where b.kind = 'branch' and b.deleted_at is null
       and b.id in (select private.uuid_set(p_branch_ids))
  ),
  defaults (kind, per, min_count) as (
    values ('assembly', 'quarter', 1), ('committee', 'month', 1), ('group', 'month', 1), ('lesson', 'quarter', 1),
           ('theme_day', 'month', 1), ('org_life', 'year', 1), ('review', 'year', 1)
  ),
  -- the nearest committee above the branch with a live policy for the kind wins
  inherited as (
    select distinct on (b.id, cp.kind) b.id as branch_id, cp.kind, cp.per, cp.min_count
      from branches b
      join public.cadence_policies cp on cp.org_id = any (b.path) and cp.deleted_at is null
     order by b.id, cp.kind, array_position(b.path, cp.org_id) desc
  ),
  policy as (
    select b.id as branch_id, b.has_committee, d.kind,
           coalesce(i.per, d.per) as per, coalesce(i.min_count, d.min_count) as min_count
      from branches b
     cross join defaults d
      left join inherited i on i.branch_id = b.id and i.kind = d.kind
  ),
  live_groups as (
    select g.parent_id as branch_id, g.id as group_id
      from public.orgs g
     where g.kind = 'group' and g.deleted_at is null and g.parent_id in (select id from branches)
  ),
  periods as (
    select 'month' as per, to_char(make_date(p_year, m, 1), 'YYYY-MM') as label, make_date(p_year, m, 1) as starts_on
      from generate_series(1, 12) m
    union all
    select 'quarter', p_year || '-Q' || q, make_date(p_year, q * 3 - 2, 1) from generate_series(1, 4) q
    union all
    select 'year', p_year::text, make_date(p_year, 1, 1)
  ),
  -- held, live activities of the year that started by the end of as_of's Shanghai day and have attendance
  candidates as (
    select a.id, a.branch_id, a.group_id, a.kinds, (a.starts_at at time zone 'Asia/Shanghai')::date as on_date
      from public.activities a, params
     where a.branch_id in (select id from branches)
       and a.status = 'held' and a.deleted_at is null
       and a.starts_at >= params.year_start and a.starts_at < params.year_end
       and a.starts_at < (params.as_of + 1)::timestamp at time zone 'Asia/Shanghai'
       and exists (select 1 from public.attendance t where t.activity_id = a.id and t.deleted_at is null)
  ),
  -- Quorum (SPEC §3.2): present voting members more than half of the voting members expected, where voting
  -- members are the branch's full members on the day, less approved long-term absences; leave still counts.
  quorum as (
    select c.id, count(t.id) * 2 > count(*) as ok
      from candidates c
      join public.people p
        on p.branch_id = c.branch_id and p.deleted_at is null and p.party_status = 'full'
       and not p.excluded_from_quorum
       and (p.confirmed_on is null or p.confirmed_on <= c.on_date)
       and (p.joined_branch_on is null or p.joined_branch_on <= c.on_date)
       and (p.left_branch_on is null or p.left_branch_on > c.on_date)
      left join public.attendance t
        on t.activity_id = c.id and t.person_id = p.id and t.status = 'present' and t.deleted_at is null
     where 'assembly' = any (c.kinds)
     group by c.id
  ),
  counted as (
    select c.branch_id, c.group_id, k.kind, pol.per, pol.min_count,
           case pol.per when 'month' then to_char(c.on_date, 'YYYY-MM')
                        when 'quarter' then to_char(c.on_date, 'YYYY-"Q"Q')
                        else to_char(c.on_date, 'YYYY') end as label
      from candidates c
     cross join unnest(c.kinds) as k (kind)
      join policy pol on pol.branch_id = c.branch_id and pol.kind = k.kind
      left join quorum q on q.id = c.id
     where k.kind <> 'assembly' or coalesce(q.ok, false)
  ),
  held_plain as (
    select ct.branch_id, ct.kind, ct.label, count(*) as n
      from counted ct where ct.kind <> 'group'
     group by ct.branch_id, ct.kind, ct.label
  ),
  -- group: how many of the branch's live groups met at least min_count times in the period
  held_group as (
    select x.branch_id, x.label, count(*) as n
      from (select ct.branch_id, ct.group_id, ct.label, count(*) as meetings, min(ct.min_count) as min_count
              from counted ct
              join live_groups g on g.group_id = ct.group_id
             where ct.kind = 'group'
             group by ct.branch_id, ct.group_id, ct.label) x
     where x.meetings >= x.min_count
     group by x.branch_id, x.label
  ),
  group_counts as (
    select g.branch_id, count(*) as n from live_groups g group by g.branch_id
  ),
  rows as (
    select pol.branch_id, per.label as period, pol.kind, per.starts_on,
           (case pol.kind when 'group' then coalesce(gc.n, 0)
                          when 'committee' then case when pol.has_committee then pol.min_count else 0 end
                          else pol.min_count end)::int as required,
           (case pol.kind when 'group' then coalesce(hg.n, 0) else coalesce(hp.n, 0) end)::int as held
      from policy pol
      join periods per on per.per = pol.per
     cross join params
      left join group_counts gc on gc.branch_id = pol.branch_id
      left join held_plain hp on hp.branch_id = pol.branch_id and hp.kind = pol.kind and hp.label = per.label
      left join held_group hg on pol.kind = 'group' and hg.branch_id = pol.branch_id and hg.label = per.label
     where per.starts_on <= params.as_of and pol.min_count > 0
  )
  select r.branch_id, r.period, r.kind, r.required, r.held, r.held >= r.required, r.starts_on
    from rows r
   where r.required > 0
$$;

comment on function private.completeness_rows(uuid[], int, date) is
  'The completeness rule (SPEC §3.3) for the given branches, no visibility check: callers pass visible branches only.';
revoke execute on function private.completeness_rows(uuid[], int, date) from public, anon, authenticated;

-- branch_completeness keeps its contract; its body is now the shared rule over the visible branches.
create or replace function public.branch_completeness(p_year int, p_as_of date default null)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select r.branch_id, r.period, r.kind, r.required, r.held, r.met
    from private.completeness_rows(
           array(select b.id from public.orgs b
                  where b.kind = 'branch' and b.deleted_at is null
                    and b.id in (select private.visible_branch_ids('completeness'))),
           p_year, p_as_of) r
   order by r.branch_id, r.starts_on, length(r.period), r.kind
$$;

-- One branch's rows, for the grid's cell detail: nothing for a branch the caller may not see.
create function public.branch_completeness_of(p_branch uuid, p_year int, p_as_of date default null)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select r.branch_id, r.period, r.kind, r.required, r.held, r.met
    from private.completeness_rows(
           array(select b.id from public.orgs b
                  where b.id = p_branch and b.kind = 'branch' and b.deleted_at is null
                    and b.id in (select private.visible_branch_ids('completeness'))),
           p_year, p_as_of) r
   order by r.starts_on, length(r.period), r.kind
$$;

comment on function public.branch_completeness_of(uuid, int, date) is
  'branch_completeness for one visible branch (the grid''s cell detail); no rows for a branch the caller may not see.';
revoke execute on function public.branch_completeness_of(uuid, int, date) from public, anon;
grant execute on function public.branch_completeness_of(uuid, int, date) to authenticated, service_role;

-- Per branch and period, one letter (the grid's cellState, src/features/review/grid.ts): u not begun, f begun with
-- nothing required, m every requirement met, o not all met and still running, p some met or held, n nothing held.
create function private.completeness_summaries(p_branch_ids uuid[], p_year int, p_as_of date)
returns table (branch_id uuid, due int, met int, states text)
language sql
stable
security definer
set search_path = ''
as $$
  with day as (select coalesce(p_as_of, private.shanghai_today()) as as_of),
  rows as (select * from private.completeness_rows(p_branch_ids, p_year, (select as_of from day))),
  periods as (
    select x.i, x.label, x.starts_on, (x.starts_on + x.span)::date - 1 as ends_on
      from (select m as i, to_char(make_date(p_year, m, 1), 'YYYY-MM') as label, make_date(p_year, m, 1) as starts_on,
                   interval '1 month' as span
              from generate_series(1, 12) m
            union all
            select 12 + q, p_year || '-Q' || q, make_date(p_year, q * 3 - 2, 1), interval '3 months' from generate_series(1, 4) q
            union all
            select 17, p_year::text, make_date(p_year, 1, 1), interval '1 year') x
  ),
  cells as (
    select b.id as branch_id, p.i,
           case when p.starts_on > d.as_of then 'u'
                when count(r.kind) = 0 then 'f'
                when bool_and(r.met) then 'm'
                when p.ends_on >= d.as_of then 'o'
                when bool_or(r.met or r.held > 0) then 'p'
                else 'n' end as letter,
           count(r.kind) as due, count(r.kind) filter (where r.met) as met
      from unnest(p_branch_ids) as b (id)
     cross join periods p
     cross join day d
      left join rows r on r.branch_id = b.id and r.period = p.label
     group by b.id, p.i, p.starts_on, p.ends_on, d.as_of
  )
  select c.branch_id, sum(c.due)::int, sum(c.met)::int, string_agg(c.letter, '' order by c.i)
    from cells c
   group by c.branch_id
$$;
revoke execute on function private.completeness_summaries(uuid[], int, date) from public, anon, authenticated;

-- One row per visible branch (SPEC §5.1: summaries, not raw rows, for thousands of branches), in (name, id)
-- order, the page after (p_after_name, p_after_id), under a committee and/or matching a name; only the page's
-- branches are computed. states: 17 letters, months 01–12, quarters 1–4, the year.
create function public.branch_summaries(p_year int, p_as_of date default null, p_committee uuid default null,
                                        p_search text default null, p_after_name text default null,
                                        p_after_id uuid default null, p_limit int default 1000)
returns table (branch_id uuid, branch_name text, parent_id uuid, due int, met int, states text)
language sql
stable
security definer
set search_path = ''
as $$
  with page as (
    select b.id, b.name, b.parent_id
      from public.orgs b
     where b.kind = 'branch' and b.deleted_at is null
       and b.id in (select private.visible_branch_ids('completeness'))
       and (p_committee is null or p_committee = any (b.path))
       and (nullif(btrim(p_search), '') is null or strpos(lower(b.name), lower(btrim(p_search))) > 0)
       and (p_after_name is null
            or (b.name, b.id) > (p_after_name, coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'::uuid)))
     order by b.name, b.id
     limit least(greatest(coalesce(p_limit, 1000), 1), 1000)
  )
  select p.id, p.name, p.parent_id, coalesce(s.due, 0), coalesce(s.met, 0), s.states
    from page p
    left join private.completeness_summaries(array(select id from page), p_year, p_as_of) s on s.branch_id = p.id
   order by p.name, p.id
$$;

comment on function public.branch_summaries(int, date, uuid, text, text, uuid, int) is
  'Per visible branch: completeness requirements due and met and one state letter per period (u f m o p n), keyset-paged by (name, id), at most 1000 rows.';
revoke execute on function public.branch_summaries(int, date, uuid, text, text, uuid, int) from public, anon;
grant execute on function public.branch_summaries(int, date, uuid, text, text, uuid, int) to authenticated, service_role;

-- branch_funding, keyset-paged by (branch_name, branch_id): called with p_year alone it answers as before.
drop function public.branch_funding(int);
create function public.branch_funding(p_year int, p_after_name text default null, p_after_id uuid default null,
                                      p_limit int default null)
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
       and (p_after_name is null
            or (b.name, b.id) > (p_after_name, coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'::uuid)))
     order by b.name, b.id
     limit least(greatest(coalesce(p_limit, 2147483647), 1), case when p_limit is null then 2147483647 else 1000 end)
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
