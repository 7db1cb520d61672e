-- branch_ledger: a branch's year as a 台账 for printing and export (SPEC §8 审阅), names included, in one call.
-- Reviewers of a committee above the branch and the branch's secretaries read it; finance and members do not
-- (the roster is not theirs to read, SPEC §4). SECURITY DEFINER with the visibility check in branch_ledger, like
-- branch_completeness; the helpers below are plain SQL that run with the definer's rights when it calls them,
-- and with the caller's (under RLS) if anyone calls them directly.

-- The roster on a day: Party members of the branch then, by their status on that day (a full member confirmed
-- later was still probationary), with the quorum exclusions among full members and the head count per live group.
create function private.ledger_roster(p_branch uuid, p_on date) returns jsonb language sql stable set search_path = '' as $$
  with members as (
    select p.group_id, p.excluded_from_quorum,
           p.party_status = 'full' and (p.confirmed_on is null or p.confirmed_on <= p_on) as is_full
      from public.people p
     where p.branch_id = p_branch and p.deleted_at is null
       and p.party_status in ('full', 'probationary')
       and p.admitted_on <= p_on
       and (p.joined_branch_on is null or p.joined_branch_on <= p_on)
       and (p.left_branch_on is null or p.left_branch_on > p_on)
  ),
  groups as (
    select g.id, g.name, (select pg_catalog.count(*) from members m where m.group_id = g.id) as members
      from public.orgs g
     where g.parent_id = p_branch and g.kind = 'group' and g.deleted_at is null
  )
  select pg_catalog.jsonb_build_object(
    'full', (select pg_catalog.count(*) from members m where m.is_full),
    'probationary', (select pg_catalog.count(*) from members m where not m.is_full),
    'excluded_from_quorum', (select pg_catalog.count(*) from members m where m.is_full and m.excluded_from_quorum),
    'groups', coalesce((select pg_catalog.jsonb_agg(
                                 pg_catalog.jsonb_build_object('id', g.id, 'name', g.name, 'members', g.members)
                                 order by g.name collate pg_catalog."C", g.id)
                          from groups g), '[]'))
$$;

-- The held activities of the year, by Shanghai month: [{month, activities: [...]}], months without any left out.
create function private.ledger_months(p_branch uuid, p_year int) returns jsonb language sql stable set search_path = '' as $$
  with acts as (
    select a.*, (a.starts_at at time zone 'Asia/Shanghai')::date as on_date
      from public.activities a
     where a.branch_id = p_branch and a.status = 'held' and a.deleted_at is null
       and a.starts_at >= pg_catalog.make_date(p_year, 1, 1)::timestamp at time zone 'Asia/Shanghai'
       and a.starts_at < pg_catalog.make_date(p_year + 1, 1, 1)::timestamp at time zone 'Asia/Shanghai'
  ),
  -- Who was expected, as the app's roster screen has it (src/domain/attendance.ts expectedRoster):
  -- the branch's full and probationary members on the activity's Shanghai day (only the group's for a group
  -- meeting), and anyone with a live attendance row, so that no recorded attendance is hidden. A committee meeting
  -- alone (支委会) expects its committee, which is not modelled (SPEC §3.2): only those recorded, no "unmarked" list.
  expected as (
    select a.id as activity_id, p.id as person_id, p.name,
           t.id as row_id, t.status, t.leave_reason, t.makeup_on, t.makeup_note
      from acts a
      join public.people p on p.branch_id = a.branch_id and p.deleted_at is null
      left join public.attendance t on t.activity_id = a.id and t.person_id = p.id and t.deleted_at is null
     where t.id is not null
        or (a.kinds <> array['committee']::text[] and p.party_status in ('full', 'probationary')
            and (p.admitted_on is null or p.admitted_on <= a.on_date)
            and (p.joined_branch_on is null or p.joined_branch_on <= a.on_date)
            and (p.left_branch_on is null or p.left_branch_on > a.on_date)
            and (a.group_id is null or p.group_id = a.group_id))
  ),
  -- (a check-in the server rejected already has status 'absent'; a pending one counts as present, as in completeness)
  attendance as (
    select e.activity_id,
           pg_catalog.jsonb_build_object(
             'expected', pg_catalog.count(*),
             'present', coalesce(pg_catalog.jsonb_agg(e.name order by e.name collate pg_catalog."C", e.person_id)
                                   filter (where e.status = 'present'), '[]'),
             'leave', coalesce(pg_catalog.jsonb_agg(
                                 pg_catalog.jsonb_build_object('name', e.name, 'reason', e.leave_reason)
                                 order by e.name collate pg_catalog."C", e.person_id)
                                 filter (where e.status = 'leave'), '[]'),
             'absent', coalesce(pg_catalog.jsonb_agg(e.name order by e.name collate pg_catalog."C", e.person_id)
                                  filter (where e.status = 'absent'), '[]'),
             'unmarked', coalesce(pg_catalog.jsonb_agg(e.name order by e.name collate pg_catalog."C", e.person_id)
                                    filter (where e.row_id is null), '[]'),
             'makeup', coalesce(pg_catalog.jsonb_agg(
                                  pg_catalog.jsonb_build_object('name', e.name, 'on', e.makeup_on, 'note', e.makeup_note)
                                  order by e.makeup_on, e.name collate pg_catalog."C", e.person_id)
                                  filter (where e.makeup_on is not null), '[]')) as doc
      from expected e
     group by e.activity_id
  ),
  -- Quorum of an assembly: the rule of private.judge_activities (20261201000600_quorum.sql), word for word
  -- (SPEC §3.2) — voting members are the branch's full members on the day less approved long-term absences;
  -- leave still counts; more than half must be present. tests/sql/ledger.test.ts checks that the two agree.
  quorum as (
    select a.id as activity_id, pg_catalog.count(p.id) as voting, pg_catalog.count(t.id) as present
      from acts a
      left join public.people p
        on p.branch_id = a.branch_id and p.deleted_at is null and p.party_status = 'full'
       and not p.excluded_from_quorum
       and (p.confirmed_on is null or p.confirmed_on <= a.on_date)
       and (p.joined_branch_on is null or p.joined_branch_on <= a.on_date)
       and (p.left_branch_on is null or p.left_branch_on > a.on_date)
      left join public.attendance t
        on t.activity_id = a.id and t.person_id = p.id and t.status = 'present' and t.deleted_at is null
     where 'assembly' = any (a.kinds)
     group by a.id
  ),
  docs as (
    select a.on_date, a.starts_at, a.id,
           pg_catalog.jsonb_build_object(
             'id', a.id, 'starts_at', a.starts_at, 'ends_at', a.ends_at, 'kinds', pg_catalog.to_jsonb(a.kinds),
             'title', a.title, 'topic', a.topic, 'place', a.place,
             'group_name', g.name, 'host_name', host.name,
             'lecturer_name', coalesce(lecturer.name, a.lecturer_name),
             'minutes', a.minutes, 'decisions', a.decisions, 'recorded_at', a.recorded_at,
             -- 补录 (SPEC §3.4): written more than 7 × 24 h after the start; exactly 7 days is not late
             'late', a.recorded_at - a.starts_at > interval '7 days',
             'attendance', coalesce(att.doc, pg_catalog.jsonb_build_object(
               'expected', 0, 'present', '[]'::jsonb, 'leave', '[]'::jsonb, 'absent', '[]'::jsonb,
               'unmarked', '[]'::jsonb, 'makeup', '[]'::jsonb)),
             'quorum', case when q.activity_id is not null then pg_catalog.jsonb_build_object(
               'voting', q.voting, 'present', q.present, 'met', q.present * 2 > q.voting) end) as doc
      from acts a
      -- names as they are now, also of a group or person deleted since: the record keeps who it was
      left join public.orgs g on g.id = a.group_id
      left join public.people host on host.id = a.host_id
      left join public.people lecturer on lecturer.id = a.lecturer_id
      left join attendance att on att.activity_id = a.id
      left join quorum q on q.activity_id = a.id
  ),
  months as (
    select pg_catalog.to_char(d.on_date, 'YYYY-MM') as month,
           pg_catalog.jsonb_agg(d.doc order by d.starts_at, d.id) as activities
      from docs d
     group by 1
  )
  select coalesce(pg_catalog.jsonb_agg(
                    pg_catalog.jsonb_build_object('month', m.month, 'activities', m.activities) order by m.month), '[]')
    from months m
$$;

-- The branch's pairings that were running at any time in the year, with their progress logs of that year.
create function private.ledger_pairings(p_branch uuid, p_year int) returns jsonb language sql stable set search_path = '' as $$
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
           'id', pr.id, 'mentor_name', mentor.name, 'mentee_name', mentee.name, 'track', pr.track,
           'started_on', pr.started_on, 'status', pr.status, 'ended_on', pr.ended_on, 'goal', pr.goal,
           'log_count', logs.n, 'last_logged_on', logs.last_on)
           order by pr.started_on, mentor.name collate pg_catalog."C", pr.id), '[]')
    from public.pairings pr
    left join public.people mentor on mentor.id = pr.mentor_id
    left join public.people mentee on mentee.id = pr.mentee_id
   cross join lateral (
     select pg_catalog.count(*) as n, pg_catalog.max(l.logged_on) as last_on
       from public.pairing_logs l
      where l.pairing_id = pr.id and l.deleted_at is null
        and l.logged_on >= pg_catalog.make_date(p_year, 1, 1) and l.logged_on <= pg_catalog.make_date(p_year, 12, 31)
   ) logs
   where pr.branch_id = p_branch and pr.deleted_at is null
     and pr.started_on <= pg_catalog.make_date(p_year, 12, 31)
     and (pr.ended_on is null or pr.ended_on >= pg_catalog.make_date(p_year, 1, 1))
$$;

revoke execute on function private.ledger_roster(uuid, date), private.ledger_months(uuid, int),
  private.ledger_pairings(uuid, int) from public;

create function public.branch_ledger(p_branch uuid, p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v_branch public.orgs;
begin
  select * into v_branch from public.orgs b where b.id = p_branch and b.kind = 'branch' and b.deleted_at is null;
  -- Who may read it: the service role (JWT claim), a server session that is not an API role (the role setting
  -- is the caller's: inside this definer function current_user is the owner, see private.is_privileged), and
  -- reviewers or secretaries whose subtree holds the branch. An unknown branch is refused alike: no existence leak.
  if not found or not (auth.role() is not distinct from 'service_role'
                       or pg_catalog.current_setting('role') not in ('anon', 'authenticated')
                       or p_branch in (select private.role_subtree_ids(array['secretary', 'reviewer']))) then
    raise exception 'not allowed to read the ledger of branch %', p_branch using errcode = '42501';
  end if;
  if p_year is null or p_year not between 2000 and 2100 then
    raise exception 'year must be between 2000 and 2100, got %', p_year using errcode = '22023';
  end if;
  return pg_catalog.jsonb_build_object(
    'branch', pg_catalog.jsonb_build_object(
      'id', v_branch.id, 'name', v_branch.name, 'has_committee', v_branch.has_committee,
      'parent_name', (select o.name from public.orgs o where o.id = v_branch.parent_id)),
    'year', p_year,
    'generated_at', pg_catalog.now(),
    -- the roster at the end of the year, or today (Shanghai) for the year still running
    'roster', private.ledger_roster(p_branch, least(pg_catalog.make_date(p_year, 12, 31), private.shanghai_today())),
    'months', private.ledger_months(p_branch, p_year),
    'pairings', private.ledger_pairings(p_branch, p_year));
end;
$$;

comment on function public.branch_ledger(uuid, int) is
  'A branch''s year as a 台账 (SPEC §8): roster, held activities by Shanghai month with names, attendance, quorum '
  'and 补录 flag, and the year''s 双培养 pairings. Reviewers of the subtree, the branch''s secretaries, service_role; '
  'anyone else gets 42501, a year outside 2000–2100 22023.';

revoke execute on function public.branch_ledger(uuid, int) from public, anon;
grant execute on function public.branch_ledger(uuid, int) to authenticated, service_role;
