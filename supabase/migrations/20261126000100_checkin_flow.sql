-- Check-in by event code, verified by the server (SPEC §6), and each attendance row's history (issue 6).
--
-- A member's phone stores the scanned activity code in attendance.checkin_code. On arrival the server checks
-- it against the activity's event key and the window, judged by the code's own 30-s step:
--   * it passes                      → checkin_state = 'verified'
--   * the event key is not here yet  → checkin_state = 'pending'; re-checked when the key arrives
--   * it fails                       → the write is refused (22023, "event check-in code rejected: <reason>"),
--                                      which the member's phone shows in 需处理 with the reason
-- A pending check-in that fails when the key arrives becomes absent, with checkin_state = 'rejected' and the
-- reason in checkin_problem. checkin_state, checkin_problem and history are the server's: clients never write them.

alter table public.attendance
  add column checkin_code text,
  add column checkin_state text,
  add column checkin_problem text,
  add column history jsonb not null default '[]',
  add constraint attendance_checkin_state_known check (checkin_state in ('pending', 'verified', 'rejected')),
  add constraint attendance_checkin_state_needs_event_code check (checkin_state is null or method = 'event_code'),
  add constraint attendance_checkin_code_size check (pg_catalog.length(checkin_code) <= 200);

comment on column public.attendance.checkin_code is 'The activity code a member scanned (method = event_code), as scanned.';
comment on column public.attendance.checkin_state is 'Server''s ruling on checkin_code: pending (key not here yet), verified, rejected.';
comment on column public.attendance.checkin_problem is 'Why a pending check-in was rejected when the key arrived (verify_checkin_code''s reason).';
comment on column public.attendance.history is
  'Server-kept changes of status/method/checkin_state, oldest first: [{at, status, method, state, by, name}].';

-- A member (not a secretary of the branch) may record their own 补学, and check themself in by event code.
-- Checking in again when already present changes nothing (the first check-in stands), whatever the device sends.
create or replace function private.attendance_guard() returns trigger
language plpgsql
set search_path = ''
as $$
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

-- True inside event_keys_verify_pending only: it sets zhibu.actor, and its updates of attendance run as nested
-- triggers. A client cannot reach set_config through the API, and even with the setting its own writes are
-- at trigger depth 1, so they are judged as usual.
create function private.server_is_acting() returns boolean
language sql stable
set search_path = ''
as $$
  select pg_catalog.current_setting('zhibu.actor', true) = 'server' and pg_catalog.pg_trigger_depth() > 1
$$;

-- Rules on an event code when it arrives or changes; clears the check-in fields of other methods.
create function private.attendance_checkin() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_problem text;
begin
  if private.server_is_acting() then
    return new; -- the re-check when an event key arrives (event_keys_verify_pending) sets the ruling itself
  end if;
  if new.method is distinct from 'event_code' then
    new.checkin_code := null;
    new.checkin_state := null;
    new.checkin_problem := null;
    return new;
  end if;
  if tg_op = 'UPDATE' and old.method = 'event_code' and new.checkin_code is not distinct from old.checkin_code then
    -- unchanged code: the server's ruling stands, whatever the device sent
    new.checkin_state := old.checkin_state;
    new.checkin_problem := old.checkin_problem;
    return new;
  end if;
  v_problem := private.verify_checkin_code(new.checkin_code, new.activity_id);
  if v_problem is null then
    new.checkin_state := 'verified';
  elsif v_problem = 'no_key' then
    new.checkin_state := 'pending';
  else
    raise exception 'event check-in code rejected: %', v_problem using errcode = '22023';
  end if;
  new.checkin_problem := null;
  return new;
end;
$$;

-- Who changed what, appended by the server: the secretary's later explicit change shows beside the check-in it
-- replaced. `by` is secretary / member / server (re-verification), `name` the actor's name in the roster.
create function private.attendance_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_by text;
  v_name text;
begin
  if tg_op = 'UPDATE' and (new.status, new.method, new.checkin_state, new.deleted_at)
                          is not distinct from (old.status, old.method, old.checkin_state, old.deleted_at) then
    new.history := old.history;
    return new;
  end if;
  if private.server_is_acting() then
    v_by := 'server';
  elsif private.is_secretary_of(new.branch_id) then
    v_by := 'secretary';
  elsif new.person_id in (select private.my_person_ids()) then
    v_by := 'member';
  else
    v_by := 'server';
  end if;
  if v_by <> 'server' then
    select p.name into v_name from public.people p
     where p.user_id = auth.uid() and p.deleted_at is null
     order by (p.branch_id = new.branch_id) desc limit 1;
  end if;
  new.history := (case when tg_op = 'UPDATE' then old.history else '[]'::jsonb end)
    || pg_catalog.jsonb_build_array(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
         'at', pg_catalog.now(), 'status', new.status, 'method', new.method, 'state', new.checkin_state,
         'problem', new.checkin_problem, 'deleted', case when new.deleted_at is not null then true end,
         'by', v_by, 'name', v_name)));
  -- the newest 30 changes are enough to explain a row
  if pg_catalog.jsonb_array_length(new.history) > 30 then
    new.history := (select pg_catalog.jsonb_agg(e order by i)
                      from pg_catalog.jsonb_array_elements(new.history) with ordinality as x (e, i)
                     where i > pg_catalog.jsonb_array_length(new.history) - 30);
  end if;
  return new;
end;
$$;

create trigger t30_checkin before insert or update on public.attendance
  for each row execute function private.attendance_checkin();
create trigger t40_history before insert or update on public.attendance
  for each row execute function private.attendance_history();

-- When an activity's key reaches the server, the check-ins that waited for it are ruled on.
create function private.event_keys_verify_pending() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row record;
  v_problem text;
begin
  perform pg_catalog.set_config('zhibu.actor', 'server', true);
  for v_row in
    select t.id, t.checkin_code from public.attendance t
     where t.activity_id = new.activity_id and t.method = 'event_code' and t.checkin_state = 'pending'
       and t.deleted_at is null
  loop
    v_problem := private.verify_checkin_code(v_row.checkin_code, new.activity_id);
    if v_problem is null then
      update public.attendance set checkin_state = 'verified' where id = v_row.id;
    elsif v_problem <> 'no_key' then
      update public.attendance
         set status = 'absent', checkin_state = 'rejected', checkin_problem = v_problem
       where id = v_row.id;
    end if;
  end loop;
  perform pg_catalog.set_config('zhibu.actor', '', true);
  return null;
end;
$$;

create trigger t50_verify_pending after insert or update of key, deleted_at on public.event_keys
  for each row when (new.deleted_at is null) execute function private.event_keys_verify_pending();

-- Sync: the ruling and the history are not writable by clients.
create or replace function private.sync_writable_columns(p_table text) returns text[]
language sql stable
set search_path = ''
as $$
  select array_agg(a.attname::text order by a.attnum)
    from pg_catalog.pg_attribute a
   where a.attrelid = pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(p_table))
     and a.attnum > 0 and not a.attisdropped
     and p_table in ('orgs', 'people', 'activities', 'attendance', 'pairings', 'pairing_logs',
                     'cadence_policies', 'funding_policies', 'funding_matches', 'expenses', 'event_keys')
     and a.attname not in ('updated_at', 'sync_xid', 'sync_seq', 'root_id', 'received_at', 'path', 'created_by')
     and not (p_table in ('attendance', 'pairing_logs', 'event_keys') and a.attname = 'branch_id')
     and not (p_table = 'attendance' and a.attname in ('checkin_state', 'checkin_problem', 'history'))
     and not (p_table = 'people' and a.attname = 'user_id')
$$;

-- A check-in is not undone by a stale roster edit: the scanned code is kept with it.
create or replace function private.sync_stale_checkin_fields(p_existing public.attendance, p_row jsonb, p_base_seq bigint)
returns text[]
language sql stable
set search_path = ''
as $$
  select case
    when p_existing.method in ('member_code', 'event_code') and p_existing.status = 'present'
         and (p_base_seq is null or p_base_seq < p_existing.sync_seq)
         and coalesce(p_row ->> 'method', 'roster') = 'roster'
    then array['status', 'method', 'checked_in_at', 'leave_reason', 'checkin_code']
    else array[]::text[] end
$$;
