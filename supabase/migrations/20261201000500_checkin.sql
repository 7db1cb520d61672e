-- Check-in (SPEC §4, §6; docs/decisions.md §17–§18). The same rules on the phones: src/domain/checkin-codes.ts
-- (the code format, the signature, the window), src/domain/checkin-judge.ts (member codes, verified on the
-- secretary's phone only).
--
-- member_keys: one secret per linked person, issued and rotated only by the server, read by the person
--   and the secretaries of the person's branch (their phones verify member codes offline).
-- event_keys: one secret per activity, generated on the secretary's device when the activity is created
--   and pushed through sync; read and written only by the branch's secretaries, never by members.
-- Codes are `ZB1.<kind>.<subject uuid>.<step>.<signature>`: step = floor(unix seconds / 30), signature =
--   base64url (no padding) of the first 10 bytes of HMAC-SHA-256(key, 'ZB1|<kind>|<subject uuid>|<step>'),
--   key = the base64url-decoded key text. Kind 'e' = event code (subject: the activity), 'm' = member code.
--
-- Event codes are verified by the server: a member's phone stores the scanned activity code in
-- attendance.checkin_code; on arrival the server checks it against the activity's event key and the window,
-- judged by the code's own 30-s step:
--   * it passes                      → checkin_state = 'verified'
--   * the event key is not here yet  → checkin_state = 'pending'; re-checked when the key arrives
--   * it fails                       → the write is refused (22023, "event check-in code rejected: <reason>"),
--                                      which the member's phone shows in 需处理 with the reason
-- A pending check-in that fails when the key arrives becomes absent, with checkin_state = 'rejected' and the
-- reason in checkin_problem. Each attendance row keeps its history (t40_history).

-- base64url without padding, and back (keys and signatures travel in this form).
create function private.base64url_encode(p_bytes bytea) returns text
language sql immutable strict set search_path = '' as $$ select pg_catalog.translate(pg_catalog.encode(p_bytes, 'base64'), E'+/=\n\r', '-_') $$;

create function private.base64url_decode(p_text text) returns bytea language sql immutable strict set search_path = '' as $$
  select pg_catalog.decode(
    pg_catalog.translate(p_text, '-_', '+/') || pg_catalog.repeat('=', (4 - pg_catalog.length(p_text) % 4) % 4),
    'base64')
$$;

-- A key as stored: base64url of at least 16 bytes (22 characters), at most 96 bytes.
create function private.is_checkin_key(p_key text) returns boolean
language sql immutable set search_path = '' as $$ select coalesce(p_key ~ '^[A-Za-z0-9_-]{22,128}$', false) $$;

-- HMAC-SHA-256 (RFC 2104) on core sha256(): no pgcrypto needed (PGlite, any Supabase project).
create function private.hmac_sha256(p_key bytea, p_msg bytea) returns bytea
language plpgsql immutable strict parallel safe set search_path = '' as $$
declare
  v_key bytea := p_key;
  v_ipad bytea;
  v_opad bytea;
begin
  if pg_catalog.octet_length(v_key) > 64 then
    v_key := pg_catalog.sha256(v_key);
  end if;
  v_key := v_key || pg_catalog.decode(pg_catalog.repeat('00', 64 - pg_catalog.octet_length(v_key)), 'hex');
  v_ipad := v_key;
  v_opad := v_key;
  for i in 0 .. 63 loop
    v_ipad := pg_catalog.set_byte(v_ipad, i, pg_catalog.get_byte(v_key, i) # 54); -- 0x36
    v_opad := pg_catalog.set_byte(v_opad, i, pg_catalog.get_byte(v_key, i) # 92); -- 0x5c
  end loop;
  return pg_catalog.sha256(v_opad || pg_catalog.sha256(v_ipad || p_msg));
end;
$$;

-- The signature part of a code: base64url of the first 10 bytes of HMAC-SHA-256(key, 'ZB1|kind|subject|step').
create function private.checkin_signature(p_key text, p_kind text, p_subject uuid, p_step bigint) returns text
language sql immutable strict set search_path = '' as $$
  select private.base64url_encode(pg_catalog.substr(
    private.hmac_sha256(private.base64url_decode(p_key),
                        pg_catalog.convert_to('ZB1|' || p_kind || '|' || p_subject::text || '|' || p_step::text, 'UTF8')),
    1, 10))
$$;

-- 32 bytes from two random uuids (pg_strong_random, like pgcrypto's gen_random_bytes): 244 random bits.
-- Core only, so it behaves the same on PGlite, PostgreSQL 15 and hosted Supabase.
create function private.new_checkin_key() returns text
language sql volatile set search_path = '' as $$ select private.base64url_encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())) $$;

-- member_keys ------------------------------------------------------------------------------------------

create table public.member_keys (
  id uuid primary key references public.people (id),
  person_id uuid not null unique references public.people (id),
  key text not null,
  rotated_at timestamptz not null default now(),
  branch_id uuid not null,
  like private.sync_columns including defaults,
  constraint member_keys_id_is_person check (id = person_id),
  constraint member_keys_key_format check (private.is_checkin_key(key))
);
comment on table public.member_keys is
  'Secret of a linked person''s member code (SPEC §6): issued and rotated by the server only; id = person_id.';
comment on column public.member_keys.branch_id is 'Copied from the person by trigger, so RLS needs no join.';
comment on column public.member_keys.deleted_at is 'Set when the person is unlinked from their account; the key is replaced too.';

create index member_keys_branch_idx on public.member_keys (branch_id);
create index member_keys_root_idx on public.member_keys (root_id);

create trigger t10_place before insert or update on public.member_keys
  for each row execute function private.place_under_parent('people', 'person_id', 'person');

-- A fresh key for the person (live when the person has an account, a tombstone otherwise): the old key,
-- which devices may still hold, stops verifying.
create function private.issue_member_key(p_person uuid) returns void language plpgsql security definer set search_path = '' as $$
declare
  v_linked boolean;
begin
  select p.user_id is not null into v_linked from public.people p where p.id = p_person;
  if v_linked is null then
    raise exception 'person % does not exist', p_person using errcode = '23503';
  end if;
  if not v_linked and not exists (select 1 from public.member_keys k where k.id = p_person) then
    return; -- never linked: no key
  end if;
  insert into public.member_keys as k (id, person_id, key, rotated_at, deleted_at)
  values (p_person, p_person, private.new_checkin_key(), pg_catalog.now(),
          case when v_linked then null else pg_catalog.now() end)
  on conflict (id) do update
    set key = excluded.key, rotated_at = excluded.rotated_at, deleted_at = excluded.deleted_at;
end;
$$;
revoke execute on function private.issue_member_key(uuid) from public, anon, authenticated;

-- Linking a person to an account (the server's job, people_guard) issues their key; unlinking or relinking
-- replaces it; a branch change (service role only) moves it along.
create function private.people_member_key() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if new.user_id is distinct from (case when tg_op = 'UPDATE' then old.user_id end) then
    perform private.issue_member_key(new.id);
  elsif tg_op = 'UPDATE' and new.branch_id is distinct from old.branch_id then
    update public.member_keys k set branch_id = new.branch_id where k.id = new.id;
  end if;
  return null;
end;
$$;

create trigger t95_member_key after insert or update of user_id, branch_id on public.people
  for each row execute function private.people_member_key();

-- For people linked while t95_member_key was off (a bulk load with triggers disabled): issues the missing keys.
create function private.backfill_member_keys() returns int language plpgsql security definer set search_path = '' as $$
declare
  v_person uuid;
  v_count int := 0;
begin
  for v_person in
    select p.id from public.people p
     where p.user_id is not null and not exists (select 1 from public.member_keys k where k.id = p.id)
  loop
    perform private.issue_member_key(v_person);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
revoke execute on function private.backfill_member_keys() from public, anon, authenticated;

select private.protect_table('public.member_keys', p_writable => false);

-- The person themself and the secretaries of the person's branch; nobody else (not reviewers, not finance).
create policy member_keys_select on public.member_keys for select to authenticated
  using (person_id in (select private.my_person_ids())
         or branch_id in (select private.role_subtree_ids(array['secretary'])));

-- A secretary replaces a member's key (a lost or shared phone): codes from the old key stop verifying.
create function public.rotate_member_key(p_person uuid) returns void language plpgsql security definer set search_path = '' as $$
declare
  v_person public.people;
begin
  select * into v_person from public.people where id = p_person;
  -- (private.is_privileged() cannot tell here: inside this definer function current_user is the owner)
  if not found or not (auth.role() is not distinct from 'service_role' or private.is_secretary_of(v_person.branch_id)) then
    raise exception 'only a secretary of the person''s branch can rotate their key' using errcode = '42501';
  end if;
  if v_person.user_id is null then
    raise exception 'the person has no account, so no member key' using errcode = 'P0002';
  end if;
  perform private.issue_member_key(p_person);
end;
$$;
comment on function public.rotate_member_key(uuid) is 'Replaces a member''s check-in key; secretaries of the branch only (SPEC §6).';
revoke execute on function public.rotate_member_key(uuid) from public, anon;
grant execute on function public.rotate_member_key(uuid) to authenticated, service_role;

-- event_keys -------------------------------------------------------------------------------------------

create table public.event_keys (
  id uuid primary key references public.activities (id),
  activity_id uuid not null unique references public.activities (id),
  key text not null,
  branch_id uuid not null,
  like private.sync_columns including defaults,
  constraint event_keys_id_is_activity check (id = activity_id),
  constraint event_keys_key_format check (private.is_checkin_key(key))
);
comment on table public.event_keys is
  'Secret of an activity''s event code (SPEC §6): made on the secretary''s device, read by the branch''s secretaries only; id = activity_id.';
comment on column public.event_keys.branch_id is 'Copied from the activity by trigger, so RLS needs no join.';

create index event_keys_branch_idx on public.event_keys (branch_id);
create index event_keys_root_idx on public.event_keys (root_id);

create trigger t10_place before insert or update on public.event_keys
  for each row execute function private.place_under_parent('activities', 'activity_id', 'activity');

-- The branch's secretaries only, never members.
select private.protect_table('public.event_keys', p_readers => array['secretary'], p_writers => array['secretary']);

-- Verification -----------------------------------------------------------------------------------------

-- Why an event code does not check the caller in at p_activity, or null when it does. Reasons:
--   malformed       not `ZB1.e.<lowercase uuid>.<step>.<14 base64url characters>`
--   other_activity  a code of another activity (scanned the wrong QR)
--   unknown_activity / no_key  the activity or its key has not reached the server (yet): keep it pending
--   bad_signature   not signed with the activity's key
--   outside_window  the code's own step time (step × 30 s) is before 30 min ahead of the start, or after
--                   the end (3 h after the start when there is no end)
create function private.verify_checkin_code(p_token text, p_activity uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_parts text[];
  v_step bigint;
  v_at timestamptz;
  v_activity public.activities;
  v_key text;
begin
  v_parts := pg_catalog.regexp_match(coalesce(p_token, ''),
    '^ZB1\.e\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(0|[1-9][0-9]{0,11})\.([A-Za-z0-9_-]{14})$');
  if v_parts is null then
    return 'malformed';
  end if;
  if v_parts[1]::uuid is distinct from p_activity then
    return 'other_activity';
  end if;
  select * into v_activity from public.activities where id = p_activity;
  if not found then
    return 'unknown_activity';
  end if;
  select k.key into v_key from public.event_keys k where k.id = p_activity and k.deleted_at is null;
  if v_key is null then
    return 'no_key';
  end if;
  v_step := v_parts[2]::bigint;
  -- compared as canonical text: a signature with stray low bits in its last character does not pass
  if private.checkin_signature(v_key, 'e', p_activity, v_step) <> v_parts[3] then
    return 'bad_signature';
  end if;
  v_at := pg_catalog.to_timestamp((v_step * 30)::double precision);
  if v_at < v_activity.starts_at - interval '30 minutes'
     or v_at > coalesce(v_activity.ends_at, v_activity.starts_at + interval '3 hours') then
    return 'outside_window';
  end if;
  return null;
end;
$$;
revoke execute on function private.verify_checkin_code(text, uuid) from public, anon, authenticated;
grant execute on function private.verify_checkin_code(text, uuid) to service_role;

-- Attendance by event code -----------------------------------------------------------------------------

-- True inside event_keys_verify_pending only: it sets zhibu.actor, and its updates of attendance run as nested
-- triggers. A client cannot reach set_config through the API, and even with the setting its own writes are
-- at trigger depth 1, so they are judged as usual.
create function private.server_is_acting() returns boolean language sql stable set search_path = '' as $$
  select pg_catalog.current_setting('zhibu.actor', true) = 'server' and pg_catalog.pg_trigger_depth() > 1
$$;

-- Rules on an event code when it arrives or changes; clears the check-in fields of other methods.
create function private.attendance_checkin() returns trigger language plpgsql security definer set search_path = '' as $$
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
create function private.attendance_history() returns trigger language plpgsql security definer set search_path = '' as $$
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
create function private.event_keys_verify_pending() returns trigger language plpgsql security definer set search_path = '' as $$
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
