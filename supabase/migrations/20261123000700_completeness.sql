-- branch_completeness: which required meetings each visible branch held, per period and kind (SPEC §3.1–3.3).
-- Computed from all rows of the visible branches whatever the caller's table privileges (a member sees the
-- policy a committee set), hence SECURITY DEFINER with the visibility check in private.visible_branch_ids.

create function public.branch_completeness(p_year int, p_as_of date default null)
returns table (branch_id uuid, period text, kind text, required int, held int, met boolean)
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
       and b.id in (select private.visible_branch_ids('completeness'))
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
  select r.branch_id, r.period, r.kind, r.required, r.held, r.held >= r.required
    from rows r
   where r.required > 0
   order by r.branch_id, r.starts_on, length(r.period), r.kind
$$;

comment on function public.branch_completeness(int, date) is
  'Per visible branch, period and kind: required, held, met (SPEC §3.3). p_as_of null = today in Asia/Shanghai.';

revoke execute on function public.branch_completeness(int, date) from public, anon;
grant execute on function public.branch_completeness(int, date) to authenticated, service_role;
