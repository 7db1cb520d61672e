-- Check-in keys and code verification (SPEC §4, §6; docs/decisions.md §17).
--
-- member_keys: one secret per linked person, issued and rotated only by the server, read by the person
--   and the secretaries of the person's branch (their phones verify member codes offline).
-- event_keys: one secret per activity, generated on the secretary's device when the activity is created
--   and pushed through sync; read and written only by the branch's secretaries, never by members.
-- Codes are `ZB1.<kind>.<subject uuid>.<step>.<signature>`: step = floor(unix seconds / 30), signature =
--   base64url (no padding) of the first 10 bytes of HMAC-SHA-256(key, 'ZB1|<kind>|<subject uuid>|<step>'),
--   key = the base64url-decoded key text. Kind 'e' = event code (subject: the activity), 'm' = member code.

-- base64url without padding, and back (keys and signatures travel in this form).
create function private.base64url_encode(p_bytes bytea) returns text
language sql immutable strict
set search_path = ''
as $$ select pg_catalog.translate(pg_catalog.encode(p_bytes, 'base64'), E'+/=\n\r', '-_') $$;

create function private.base64url_decode(p_text text) returns bytea
language sql immutable strict
set search_path = ''
as $$
  select pg_catalog.decode(
    pg_catalog.translate(p_text, '-_', '+/') || pg_catalog.repeat('=', (4 - pg_catalog.length(p_text) % 4) % 4),
    'base64')
$$;

-- A key as stored: base64url of at least 16 bytes (22 characters), at most 96 bytes.
create function private.is_checkin_key(p_key text) returns boolean
language sql immutable
set search_path = ''
as $$ select coalesce(p_key ~ '^[A-Za-z0-9_-]{22,128}$', false) $$;

-- HMAC-SHA-256 (RFC 2104) on core sha256(): no pgcrypto needed (PGlite, any Supabase project).
create function private.hmac_sha256(p_key bytea, p_msg bytea) returns bytea
language plpgsql immutable strict parallel safe
set search_path = ''
as $$
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
language sql immutable strict
set search_path = ''
as $$
  select private.base64url_encode(pg_catalog.substr(
    private.hmac_sha256(private.base64url_decode(p_key),
                        pg_catalog.convert_to('ZB1|' || p_kind || '|' || p_subject::text || '|' || p_step::text, 'UTF8')),
    1, 10))
$$;

-- 32 bytes from two random uuids (pg_strong_random, like pgcrypto's gen_random_bytes): 244 random bits.
-- Core only, so it behaves the same on PGlite, PostgreSQL 15 and hosted Supabase.
create function private.new_checkin_key() returns text
language sql volatile
set search_path = ''
as $$ select private.base64url_encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())) $$;

-- member_keys ------------------------------------------------------------------------------------------

create table public.member_keys (
  id uuid primary key references public.people (id),
  person_id uuid not null unique references public.people (id),
  key text not null,
  rotated_at timestamptz not null default now(),
  branch_id uuid not null,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  constraint member_keys_id_is_person check (id = person_id),
  constraint member_keys_key_format check (private.is_checkin_key(key))
);
comment on table public.member_keys is
  'Secret of a linked person''s member code (SPEC §6): issued and rotated by the server only; id = person_id.';
comment on column public.member_keys.branch_id is 'Copied from the person by trigger, so RLS needs no join.';
comment on column public.member_keys.deleted_at is 'Set when the person is unlinked from their account; the key is replaced too.';

create index member_keys_branch_idx on public.member_keys (branch_id);
create index member_keys_root_idx on public.member_keys (root_id);
create index member_keys_sync_idx on public.member_keys (sync_xid, sync_seq);

create function private.member_keys_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_person public.people;
begin
  select * into v_person from public.people where id = new.person_id;
  if not found then
    raise exception 'person % does not exist', new.person_id using errcode = '23503';
  end if;
  new.branch_id := v_person.branch_id;
  new.root_id := v_person.root_id;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.member_keys
  for each row execute function private.member_keys_place();
create trigger t90_stamp before insert or update on public.member_keys
  for each row execute function private.stamp_row();

-- A fresh key for the person (live when the person has an account, a tombstone otherwise): the old key,
-- which devices may still hold, stops verifying.
create function private.issue_member_key(p_person uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
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
create function private.people_member_key() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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

-- Once, for people linked before this migration.
create function private.backfill_member_keys() returns int
language plpgsql
security definer
set search_path = ''
as $$
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
select private.backfill_member_keys();

alter table public.member_keys enable row level security;
revoke all on public.member_keys from anon;
revoke insert, update, delete, truncate on public.member_keys from authenticated;

-- The person themself and the secretaries of the person's branch; nobody else (not reviewers, not finance).
create policy member_keys_select on public.member_keys for select to authenticated
  using (person_id in (select private.my_person_ids())
         or branch_id in (select private.role_subtree_ids(array['secretary'])));

-- A secretary replaces a member's key (a lost or shared phone): codes from the old key stop verifying.
create function public.rotate_member_key(p_person uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
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
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  constraint event_keys_id_is_activity check (id = activity_id),
  constraint event_keys_key_format check (private.is_checkin_key(key))
);
comment on table public.event_keys is
  'Secret of an activity''s event code (SPEC §6): made on the secretary''s device, read by the branch''s secretaries only; id = activity_id.';
comment on column public.event_keys.branch_id is 'Copied from the activity by trigger, so RLS needs no join.';

create index event_keys_branch_idx on public.event_keys (branch_id);
create index event_keys_root_idx on public.event_keys (root_id);
create index event_keys_sync_idx on public.event_keys (sync_xid, sync_seq);

create function private.event_keys_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_activity public.activities;
begin
  select * into v_activity from public.activities where id = new.activity_id;
  if not found then
    raise exception 'activity % does not exist', new.activity_id using errcode = '23503';
  end if;
  new.branch_id := v_activity.branch_id;
  new.root_id := v_activity.root_id;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.event_keys
  for each row execute function private.event_keys_place();
create trigger t90_stamp before insert or update on public.event_keys
  for each row execute function private.stamp_row();

alter table public.event_keys enable row level security;
revoke all on public.event_keys from anon;
revoke delete, truncate on public.event_keys from authenticated;

create policy event_keys_select on public.event_keys for select to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy event_keys_insert on public.event_keys for insert to authenticated
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));
create policy event_keys_update on public.event_keys for update to authenticated
  using (branch_id in (select private.role_subtree_ids(array['secretary'])))
  with check (branch_id in (select private.role_subtree_ids(array['secretary'])));

-- Verification -----------------------------------------------------------------------------------------

-- Why an event code does not check the caller in at p_activity, or null when it does. Reasons:
--   malformed       not `ZB1.e.<lowercase uuid>.<step>.<14 base64url characters>`
--   other_activity  a code of another activity (scanned the wrong QR)
--   unknown_activity / no_key  the activity or its key has not reached the server (yet): keep it pending
--   bad_signature   not signed with the activity's key
--   outside_window  the code's own step time (step × 30 s) is before 30 min ahead of the start, or after
--                   the end (3 h after the start when there is no end)
create function private.verify_checkin_code(p_token text, p_activity uuid) returns text
language plpgsql stable
security definer
set search_path = ''
as $$
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

-- Sync: both tables are pulled (under their RLS); only event_keys may be pushed, and not its branch_id.
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
     and not (p_table = 'people' and a.attname = 'user_id')
$$;

-- sync_pull: the same function as in 20261123000900_sync, with member_keys and event_keys in its table list.
create or replace function public.sync_pull(p_schema_version int, p_cursor text default null, p_limit int default 1000)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_xid xid8 := '0';
  v_seq bigint := 0;
  -- every transaction older than this has ended: rows below it can no longer appear behind the cursor
  v_horizon xid8 := pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());
  v_limit int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_table text;
  v_sql text := '';
  v_rows jsonb;
  v_count int;
  v_last jsonb;
begin
  if p_schema_version is distinct from private.sync_schema_version() then
    perform private.sync_fail(case when coalesce(p_schema_version, 0) < private.sync_schema_version()
                                   then 'client_outdated' else 'server_outdated' end,
      pg_catalog.format('client schema %s, server schema %s', p_schema_version, private.sync_schema_version()));
  end if;
  if p_cursor is not null then
    if p_cursor !~ '^[0-9]+:[0-9]+$' then
      perform private.sync_fail('malformed', 'cursor must be the value returned by the previous pull');
    end if;
    v_xid := pg_catalog.split_part(p_cursor, ':', 1)::xid8;
    v_seq := pg_catalog.split_part(p_cursor, ':', 2)::bigint;
  end if;

  foreach v_table in array array['orgs', 'org_roles', 'people', 'roster', 'activities', 'attendance', 'pairings',
                                 'pairing_logs', 'cadence_policies', 'funding_policies', 'funding_matches', 'expenses',
                                 'member_keys', 'event_keys']
  loop
    -- each table contributes up to limit + 1 rows: the look-ahead row tells whether more remain
    v_sql := v_sql || case when v_sql = '' then '' else ' union all ' end || pg_catalog.format(
      '(select %1$L as t, x.sync_xid, x.sync_seq, pg_catalog.to_jsonb(x) - array[''sync_xid'', ''sync_seq'', ''root_id''] as r
          from public.%1$I x
         where (x.sync_xid, x.sync_seq) > ($1, $2) and x.sync_xid < $3 %2$s
         order by x.sync_xid, x.sync_seq limit $4 + 1)',
      v_table,
      -- secretaries and reviewers get whole people rows; the names-only roster is for the other branches
      case when v_table = 'roster'
           then 'and x.branch_id not in (select private.role_subtree_ids(array[''secretary'', ''reviewer'']))'
           else '' end);
  end loop;

  execute 'select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''table'', t, ''row'', r, ''xid'', sync_xid::text, ''seq'', sync_seq) order by sync_xid, sync_seq), count(*)
             from (select * from (' || v_sql || ') u order by sync_xid, sync_seq limit $4 + 1) page'
    into v_rows, v_count using v_xid, v_seq, v_horizon, v_limit;

  v_rows := coalesce(v_rows, '[]');
  if v_count > v_limit then
    v_rows := v_rows - v_limit; -- drop the look-ahead row
  end if;
  v_last := v_rows -> -1;
  return pg_catalog.jsonb_build_object(
    'schema_version', private.sync_schema_version(),
    'rows', (select coalesce(pg_catalog.jsonb_agg(e - 'xid' - 'seq' || pg_catalog.jsonb_build_object('seq', e -> 'seq')), '[]')
               from pg_catalog.jsonb_array_elements(v_rows) e),
    'cursor', case when v_last is null then coalesce(p_cursor, '0:0') else (v_last ->> 'xid') || ':' || (v_last ->> 'seq') end,
    'has_more', v_count > v_limit,
    'scope', private.sync_scope());
end;
$$;

