-- Completeness (SPEC §3.1–3.3): which required meetings each branch held, per period and kind. The same rules on
-- the phones: src/domain/completeness.ts (and src/domain/cadence.ts for the defaults and the inheritance).
--
-- private.completeness_rows is the counting rule, over the verdicts kept by 20261201000600_quorum.sql, for the given
-- branches; no visibility check (callers check). The public functions only choose the branches: every branch the
-- caller may see (branch_completeness), one (branch_completeness_of), both through private.visible_completeness, or a
-- keyset page (private.visible_branch_page) of one summary per branch under PostgREST's max_rows (branch_summaries). Computed from all rows of the visible branches whatever the caller's
-- table privileges (a member sees the policy a committee set), hence SECURITY DEFINER.

create function private.completeness_rows(p_branch_ids uuid[], p_year int, p_as_of date)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean, starts_on date)
language sql stable security definer set search_path = '' as $$
  with params as (
    select coalesce(p_as_of, private.shanghai_today()) as as_of
  ),
  -- branches and kinds are numbered, so that the joins below hash small integers rather than uuids and text
  branches as (
    select b.id, b.path, b.has_committee, (row_number() over ())::int as bn
      from public.orgs b
     where b.kind = 'branch' and b.deleted_at is null
       and b.id in (select private.uuid_set(p_branch_ids))
  ),
  defaults (kc, kind, per, min_count) as (
    values (1, 'assembly', 'quarter', 1), (2, 'committee', 'month', 1), (3, 'group', 'month', 1),
           (4, 'lesson', 'quarter', 1), (5, 'theme_day', 'month', 1), (6, 'org_life', 'year', 1), (7, 'review', 'year', 1)
  ),
  -- the nearest committee above the branch with a live policy for the kind wins
  inherited as (
    select distinct on (b.id, cp.kind) b.id as branch_id, cp.kind, cp.per, cp.min_count
      from branches b
      join public.cadence_policies cp on cp.org_id = any (b.path) and cp.deleted_at is null
     order by b.id, cp.kind, array_position(b.path, cp.org_id) desc
  ),
  policy as (
    select b.id as branch_id, b.bn, b.has_committee, d.kc, d.kind,
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
  -- the 17 periods of the year in grid order: months 1–12, quarters 13–16, the year 17
  periods as (
    select 'month' as per, m as i, to_char(make_date(p_year, m, 1), 'YYYY-MM') as label, make_date(p_year, m, 1) as starts_on
      from generate_series(1, 12) m
    union all
    select 'quarter', 12 + q, p_year || '-Q' || q, make_date(p_year, q * 3 - 2, 1) from generate_series(1, 4) q
    union all
    select 'year', 17, p_year::text, make_date(p_year, 1, 1)
  ),
  -- each counted kind of the year's activities that started by as_of's Shanghai day, with its month
  kinds_held as materialized (
    select b.bn, v.group_id,
           array_position(array['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review'], k.kind) as kc,
           extract(month from v.on_date)::int as m
      from private.activity_verdicts v
      join branches b on b.id = v.branch_id
     cross join params
     cross join unnest(v.kinds) as k (kind)
     where v.year = p_year and v.on_date <= params.as_of
  ),
  counted as (
    select h.bn, h.group_id, h.kc, pol.min_count,
           case pol.per when 'month' then h.m when 'quarter' then 12 + (h.m + 2) / 3 else 17 end as i
      from kinds_held h
      join policy pol on pol.bn = h.bn and pol.kc = h.kc
  ),
  -- per branch, kind and period: how many times it was held; for group, how many of the branch's live groups
  -- met at least min_count times in the period
  held as (
    select ct.bn, ct.kc, ct.i, count(*) as n
      from counted ct where ct.kc <> 3
     group by ct.bn, ct.kc, ct.i
    union all
    select x.bn, 3, x.i, count(*)
      from (select ct.bn, ct.group_id, ct.i, count(*) as meetings, min(ct.min_count) as min_count
              from counted ct
              join live_groups g on g.group_id = ct.group_id
             where ct.kc = 3
             group by ct.bn, ct.group_id, ct.i) x
     where x.meetings >= x.min_count
     group by x.bn, x.i
  ),
  group_counts as (
    select g.branch_id, count(*) as n from live_groups g group by g.branch_id
  ),
  rows as (
    select pol.branch_id, per.label as period, pol.kind, per.starts_on,
           (case pol.kind when 'group' then coalesce(gc.n, 0)
                          when 'committee' then case when pol.has_committee then pol.min_count else 0 end
                          else pol.min_count end)::int as required,
           coalesce(h.n, 0)::int as held
      from policy pol
      join periods per on per.per = pol.per
     cross join params
      left join group_counts gc on gc.branch_id = pol.branch_id
      left join held h on h.bn = pol.bn and h.kc = pol.kc and h.i = per.i
     where per.starts_on <= params.as_of and pol.min_count > 0
  )
  select r.branch_id, r.period, r.kind, r.required, r.held, r.held >= r.required, r.starts_on
    from rows r
   where r.required > 0
$$;

comment on function private.completeness_rows(uuid[], int, date) is
  'The completeness rule (SPEC §3.3) for the given branches, no visibility check: callers pass visible branches only.';
revoke execute on function private.completeness_rows(uuid[], int, date) from public, anon, authenticated;

-- The rows of every live branch the caller may see, or of p_branch alone (none when the caller may not see it), in the
-- grid's order. The body of branch_completeness and branch_completeness_of.
create function private.visible_completeness(p_branch uuid, p_year int, p_as_of date)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
language sql stable set search_path = '' as $$
  select r.branch_id, r.period, r.kind, r.required, r.held, r.met
    from private.completeness_rows(
           array(select b.id from public.orgs b
                  where (p_branch is null or b.id = p_branch) and b.kind = 'branch' and b.deleted_at is null
                    and b.id in (select private.visible_branch_ids('completeness'))),
           p_year, p_as_of) r
   order by r.branch_id, r.starts_on, length(r.period), r.kind
$$;
revoke execute on function private.visible_completeness(uuid, int, date) from public, anon, authenticated;

create function public.branch_completeness(p_year int, p_as_of date default null)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
language sql stable security definer set search_path = '' as $$ select * from private.visible_completeness(null, p_year, p_as_of) $$;

comment on function public.branch_completeness(int, date) is
  'Per visible branch, period and kind: required, held, met (SPEC §3.3). p_as_of null = today in Asia/Shanghai.';

-- One branch's rows, for the grid's cell detail: nothing for a branch the caller may not see.
create function public.branch_completeness_of(p_branch uuid, p_year int, p_as_of date default null)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
language sql stable security definer set search_path = '' as $$ select * from private.visible_completeness(p_branch, p_year, p_as_of) $$;

comment on function public.branch_completeness_of(uuid, int, date) is
  'branch_completeness for one visible branch (the grid''s cell detail); no rows for a branch the caller may not see.';

-- Per branch and period, one letter (the grid's cellState, src/features/review/grid.ts): u not begun, f begun with
-- nothing required, m every requirement met, o not all met and still running, p some met or held, n nothing held.
create function private.completeness_summaries(p_branch_ids uuid[], p_year int, p_as_of date)
returns table (branch_id uuid, due int, met int, states text)
language sql stable security definer set search_path = '' as $$
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
language sql stable security definer set search_path = '' as $$
  with page as (
    select b.id, b.name, b.parent_id
      from private.visible_branch_page('completeness', p_after_name, p_after_id, coalesce(p_limit, 1000), p_committee, p_search) b
  )
  select p.id, p.name, p.parent_id, coalesce(s.due, 0), coalesce(s.met, 0), s.states
    from page p
    left join private.completeness_summaries(array(select id from page), p_year, p_as_of) s on s.branch_id = p.id
   order by p.name, p.id
$$;

comment on function public.branch_summaries(int, date, uuid, text, text, uuid, int) is
  'Per visible branch: completeness requirements due and met and one state letter per period (u f m o p n), keyset-paged by (name, id), at most 1000 rows.';

-- The completeness RPCs: signed-in users (each sees what visible_branch_ids lets them) and the service role.
revoke execute on function public.branch_completeness(int, date), public.branch_completeness_of(uuid, int, date),
  public.branch_summaries(int, date, uuid, text, text, uuid, int) from public, anon;
grant execute on function public.branch_completeness(int, date), public.branch_completeness_of(uuid, int, date),
  public.branch_summaries(int, date, uuid, text, text, uuid, int) to authenticated, service_role;
