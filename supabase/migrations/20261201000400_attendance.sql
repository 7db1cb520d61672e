-- Attendance: who came, who was on leave, who was absent, and 补学 (make-up study) for those who missed it. The
-- check-in columns are ruled on by the server (20261201000500_checkin.sql); clients never write checkin_state,
-- checkin_problem or history.

create table public.attendance (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references public.activities (id),
  person_id uuid not null references public.people (id),
  status text not null check (status in ('present', 'leave', 'absent')),
  leave_reason text,
  method text not null default 'roster' check (method in ('roster', 'member_code', 'event_code')),
  checked_in_at timestamptz,
  makeup_on date,
  makeup_note text,
  branch_id uuid not null,
  received_at timestamptz not null default now(),
  like private.sync_columns including defaults,
  checkin_code text,
  checkin_state text,
  checkin_problem text,
  history jsonb not null default '[]',
  constraint attendance_one_per_person unique (activity_id, person_id),
  constraint attendance_makeup_only_if_missed check (makeup_on is null or status <> 'present'),
  constraint attendance_checkin_state_known check (checkin_state in ('pending', 'verified', 'rejected')),
  constraint attendance_checkin_state_needs_event_code check (checkin_state is null or method = 'event_code'),
  constraint attendance_checkin_code_size check (pg_catalog.length(checkin_code) <= 200)
);
create index attendance_person_idx on public.attendance (person_id);
create index attendance_branch_idx on public.attendance (branch_id);
create index attendance_root_idx on public.attendance (root_id);
comment on table public.attendance is 'Who came, who was on leave, who was absent; 补学 (makeup) for those who missed it.';
comment on column public.attendance.branch_id is 'Copied from the activity by trigger, so RLS needs no join.';
comment on column public.attendance.checkin_code is 'The activity code a member scanned (method = event_code), as scanned.';
comment on column public.attendance.checkin_state is 'Server''s ruling on checkin_code: pending (key not here yet), verified, rejected.';
comment on column public.attendance.checkin_problem is 'Why a pending check-in was rejected when the key arrived (verify_checkin_code''s reason).';
comment on column public.attendance.history is
  'Server-kept changes of status/method/checkin_state, oldest first: [{at, status, method, state, by, name}].';

-- 补学 lies between the activity's Shanghai day and today, checked when the make-up day (or the activity) is
-- written, like the future-date rule: a later edit of other fields never fails because of an older row.
create function private.attendance_place() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_activity public.activities;
  v_activity_on date;
begin
  select * into v_activity from public.activities where id = new.activity_id;
  if not found then
    raise exception 'activity % does not exist', new.activity_id using errcode = '23503';
  end if;
  if not exists (select 1 from public.people p where p.id = new.person_id and p.branch_id = v_activity.branch_id) then
    raise exception 'the person is not on this branch''s roster' using errcode = '23514';
  end if;
  if new.makeup_on is not null
     and (tg_op = 'INSERT' or new.makeup_on is distinct from old.makeup_on or new.activity_id is distinct from old.activity_id) then
    if new.makeup_on > private.shanghai_today() then
      raise exception 'make-up study cannot be dated in the future' using errcode = '23514';
    end if;
    v_activity_on := (v_activity.starts_at at time zone 'Asia/Shanghai')::date;
    if new.makeup_on < v_activity_on then
      raise exception 'make-up study (%) cannot be dated before the activity (%)', new.makeup_on, v_activity_on
        using errcode = '23514';
    end if;
  end if;
  new.branch_id := v_activity.branch_id;
  new.root_id := v_activity.root_id;
  new.received_at := case when tg_op = 'INSERT' then pg_catalog.now() else old.received_at end;
  return new;
end;
$$;

-- A member (not a secretary of the branch) may record their own 补学 (SPEC §4), and check themself in by event code.
-- Checking in again when already present changes nothing (the first check-in stands), whatever the device sends.
create function private.attendance_guard() returns trigger language plpgsql set search_path = '' as $$
begin
  if private.is_privileged() or private.is_secretary_of(new.branch_id) then
    return new;
  end if;
  -- (a check-in stays on its own row: moving or deleting it is refused below, as before)
  if new.method = 'event_code' and new.status = 'present'
     and new.checkin_code is distinct from old.checkin_code
     and (new.activity_id, new.person_id, new.deleted_at) is not distinct from (old.activity_id, old.person_id, old.deleted_at) then
    if old.status = 'present' and old.deleted_at is null then
      new.status := old.status;
      new.method := old.method;
      new.checked_in_at := old.checked_in_at;
      new.checkin_code := old.checkin_code;
      new.leave_reason := old.leave_reason;
    else
      -- a check-in on a row the secretary had removed brings it back: the member was there
      new.deleted_at := null;
      new.leave_reason := null;
      new.makeup_on := null;
      new.makeup_note := null;
    end if;
    return new;
  end if;
  -- the same code again after the server ruled it out: the same reason, not a puzzling permission error
  if new.method = 'event_code' and new.status = 'present' and old.checkin_state = 'rejected'
     and new.checkin_code is not distinct from old.checkin_code then
    raise exception 'event check-in code rejected: %', coalesce(old.checkin_problem, 'bad_signature') using errcode = '22023';
  end if;
  if (new.activity_id, new.person_id, new.status, new.leave_reason, new.method, new.checked_in_at, new.checkin_code,
      new.deleted_at)
     is distinct from
     (old.activity_id, old.person_id, old.status, old.leave_reason, old.method, old.checked_in_at, old.checkin_code,
      old.deleted_at) then
    raise exception 'a member can only record their own make-up study' using errcode = '42501';
  end if;
  return new;
end;
$$;

-- Also on attendance: t90_stamp (private.protect_table, below), t30_checkin and t40_history
-- (20261201000500_checkin.sql) and the verdict triggers attendance_judge_* (20261201000600_quorum.sql).
create trigger t10_place before insert or update on public.attendance
  for each row execute function private.attendance_place();
create trigger t20_guard before update on public.attendance
  for each row execute function private.attendance_guard();

-- Secretaries and reviewers of the branch read it, and a member their own rows.
select private.protect_table('public.attendance', p_readers => array['secretary', 'reviewer'],
                             p_or_readable => 'person_id in (select private.my_person_ids())');
-- Secretaries record anyone of their branch; a member checks in only themself, present, by event code.
create policy attendance_insert on public.attendance for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary']))
              or (person_id in (select private.my_person_ids())
                  and branch_id in (select private.my_member_branch_ids())
                  and status = 'present' and method = 'event_code'));
create policy attendance_update on public.attendance for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary']))
         or person_id in (select private.my_person_ids()))
  with check (branch_id in (select private.role_subtree_ids(array['secretary']))
              or person_id in (select private.my_person_ids()));
