-- Sync (SPEC §7, docs/sync.md): sync_push applies a batch of field-level upserts idempotently under the
-- caller's RLS; sync_pull pages through every row the device mirrors in (sync_xid, sync_seq) order without skipping
-- rows that concurrent transactions commit out of order. The same contract on the phones: src/sync/core/protocol.ts.

-- The synced tables, in the order sync_pull lists them: every table or view a device mirrors (PULL_TABLES in
-- src/sync/core/protocol.ts), whether a device may push to it (PUSH_TABLES), the columns of it no client writes
-- besides the bookkeeping of every synced table (isWritableField), and whether its rows belong to one branch each
-- (per_branch): those go only to the devices of the branch's secretaries and people (v_branches in sync_pull),
-- not to every reviewer and finance officer above it, who may read them (RLS) but whose screens ask the server
-- (branch_summaries, branch_funding, the ledger) — a district reviewer's phone would otherwise mirror the district.
-- sync_pull and sync_writable_columns read this list; tests/sql/sync/tables.test.ts checks that the app's lists
-- agree. A new synced table is a row here.
create function private.synced_tables()
returns table (name text, "position" int, pushable boolean, server_columns text[], per_branch boolean)
language sql immutable set search_path = '' as $$
  select t.name, t.position, t.pushable, t.server_columns, t.per_branch
    from (values
      ('orgs', 1, true, array[]::text[], false),
      ('org_roles', 2, false, array[]::text[], false),
      ('people', 3, true, array['user_id'], true),
      ('roster', 4, false, array[]::text[], true),
      ('activities', 5, true, array[]::text[], true),
      ('attendance', 6, true, array['branch_id', 'checkin_state', 'checkin_problem', 'history'], true),
      ('pairings', 7, true, array[]::text[], true),
      ('pairing_logs', 8, true, array['branch_id'], true),
      ('cadence_policies', 9, true, array[]::text[], false),
      ('funding_policies', 10, true, array[]::text[], false),
      ('funding_matches', 11, true, array[]::text[], false),
      ('expenses', 12, true, array[]::text[], true),
      ('member_keys', 13, false, array[]::text[], true),
      ('event_keys', 14, true, array['branch_id'], true)) as t (name, position, pushable, server_columns, per_branch)
   order by t.position
$$;

create function private.sync_schema_version() returns int language sql immutable set search_path = '' as $$ select 1 $$;

create function private.sync_max_batch() returns int language sql immutable set search_path = '' as $$ select 500 $$;

-- Mutation ids already applied, with the result returned then: a retried batch gets the same answers and
-- changes nothing. Rows older than 90 days may be pruned (a device offline longer re-pushes as new edits).
create table private.applied_mutations (
  id uuid primary key,
  user_id uuid,
  applied_at timestamptz not null default now(),
  result jsonb not null
);
alter table private.applied_mutations enable row level security;
create index applied_mutations_applied_at_idx on private.applied_mutations (applied_at);

-- Claims a mutation id for this transaction; returns the earlier result if it was applied before.
-- A concurrent push of the same id waits here on the primary key until the first one commits.
create function private.claim_mutation(p_id uuid) returns jsonb language plpgsql security definer set search_path = '' as $$
declare
  v_result jsonb;
begin
  insert into private.applied_mutations (id, user_id, result) values (p_id, auth.uid(), '{}')
  on conflict (id) do nothing;
  if found then
    return null;
  end if;
  select result into v_result from private.applied_mutations where id = p_id;
  return v_result;
end;
$$;

create function private.record_mutation(p_id uuid, p_result jsonb) returns void
language sql security definer set search_path = '' as $$ update private.applied_mutations set result = p_result where id = p_id $$;

-- Tables a client may push to, and the columns it may set in each: all but the bookkeeping every synced table has
-- and the table's own server columns (private.synced_tables).
create function private.sync_writable_columns(p_table text) returns text[] language sql stable set search_path = '' as $$
  select array_agg(a.attname::text order by a.attnum)
    from private.synced_tables() s
    join pg_catalog.pg_attribute a on a.attrelid = pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(s.name))
   where s.name = p_table and s.pushable
     and a.attnum > 0 and not a.attisdropped
     and a.attname not in ('updated_at', 'sync_xid', 'sync_seq', 'root_id', 'received_at', 'path', 'created_by')
     and a.attname::text <> all (s.server_columns)
$$;

create function private.sync_fail(p_code text, p_detail text) returns void language plpgsql set search_path = '' as $$
begin
  raise exception 'sync: %', p_detail using errcode = 'P0001', hint = p_code, detail = p_detail;
end;
$$;

create function private.uuid_pattern() returns text
language sql immutable set search_path = '' as $$ select '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' $$;

-- A push or pull from a client of another schema version is refused, saying which side is behind.
create function private.sync_check_version(p_schema_version int) returns void language plpgsql set search_path = '' as $$
begin
  if p_schema_version is distinct from private.sync_schema_version() then
    perform private.sync_fail(case when coalesce(p_schema_version, 0) < private.sync_schema_version()
                                   then 'client_outdated' else 'server_outdated' end,
      pg_catalog.format('client schema %s, server schema %s', p_schema_version, private.sync_schema_version()));
  end if;
end;
$$;

-- The whole batch is checked before anything is applied: a malformed payload changes nothing.
create function private.sync_validate(p_mutations jsonb) returns void language plpgsql set search_path = '' as $$
declare
  v_m jsonb;
  v_i int := 0;
  v_cols text[];
  v_bad text;
begin
  if pg_catalog.jsonb_typeof(p_mutations) is distinct from 'array' then
    perform private.sync_fail('malformed', 'mutations must be a JSON array');
  end if;
  if pg_catalog.jsonb_array_length(p_mutations) > private.sync_max_batch() then
    perform private.sync_fail('batch_too_large', pg_catalog.format('at most %s mutations per push, got %s',
      private.sync_max_batch(), pg_catalog.jsonb_array_length(p_mutations)));
  end if;
  for v_m in select value from pg_catalog.jsonb_array_elements(p_mutations) loop
    v_i := v_i + 1;
    if pg_catalog.jsonb_typeof(v_m) <> 'object' or pg_catalog.jsonb_typeof(v_m -> 'row') is distinct from 'object'
       or not coalesce((v_m ->> 'id') ~* private.uuid_pattern(), false)
       or not coalesce((v_m -> 'row' ->> 'id') ~* private.uuid_pattern(), false)
       or (v_m ? 'base_seq' and pg_catalog.jsonb_typeof(v_m -> 'base_seq') not in ('number', 'null')) then
      perform private.sync_fail('malformed', pg_catalog.format(
        'mutation %s: needs a uuid "id", a "table", a "row" object with a uuid "id", and a numeric "base_seq" or none', v_i));
    end if;
    v_cols := private.sync_writable_columns(v_m ->> 'table');
    if v_cols is null then
      perform private.sync_fail('malformed', pg_catalog.format('mutation %s: unknown table %L', v_i, v_m ->> 'table'));
    end if;
    select k into v_bad from pg_catalog.jsonb_object_keys(v_m -> 'row') k where k <> all (v_cols) limit 1;
    if v_bad is not null then
      perform private.sync_fail('malformed', pg_catalog.format('mutation %s: column %L cannot be written in %s',
        v_i, v_bad, v_m ->> 'table'));
    end if;
    begin
      execute pg_catalog.format('select pg_catalog.jsonb_populate_record(null::public.%I, $1)', v_m ->> 'table')
        using v_m -> 'row';
    exception when others then
      perform private.sync_fail('malformed', pg_catalog.format('mutation %s: %s', v_i, sqlerrm));
    end;
  end loop;
end;
$$;

-- A check-in (member or event code, present) is not undone by a roster edit made on a device that had
-- not yet seen it (base_seq older than the row): such an edit keeps its other fields but not these, the scanned
-- code included.
create function private.sync_stale_checkin_fields(p_existing public.attendance, p_row jsonb, p_base_seq bigint)
returns text[]
language sql stable set search_path = '' as $$
  select case
    when p_existing.method in ('member_code', 'event_code') and p_existing.status = 'present'
         and (p_base_seq is null or p_base_seq < p_existing.sync_seq)
         and coalesce(p_row ->> 'method', 'roster') = 'roster'
    then array['status', 'method', 'checked_in_at', 'leave_reason', 'checkin_code']
    else array[]::text[] end
$$;

-- Applies one upsert under RLS: update the given fields of a visible row, else insert it.
create function private.sync_apply(p_table text, p_row jsonb, p_base_seq bigint) returns jsonb
language plpgsql set search_path = '' as $$
declare
  v_id uuid := (p_row ->> 'id')::uuid;
  v_target uuid;
  v_existing public.attendance;
  v_row jsonb := p_row;
  v_kept text[] := array[]::text[];
  v_sets text;
  v_cols text;
  v_seq bigint;
  v_count int;
begin
  execute pg_catalog.format('select id from public.%I where id = $1', p_table) into v_target using v_id;
  -- attendance is one row per (activity, person), whatever id each device generated: merge into it
  if v_target is null and p_table = 'attendance' then
    select a.id into v_target from public.attendance a
     where a.activity_id = (p_row ->> 'activity_id')::uuid and a.person_id = (p_row ->> 'person_id')::uuid;
  end if;
  if p_table = 'attendance' and v_target is not null then
    select * into v_existing from public.attendance where id = v_target;
    v_kept := private.sync_stale_checkin_fields(v_existing, p_row, p_base_seq);
    v_row := v_row - v_kept;
  end if;

  if v_target is null then
    select pg_catalog.string_agg(pg_catalog.quote_ident(k), ', ') into v_cols from pg_catalog.jsonb_object_keys(v_row) k;
    execute pg_catalog.format(
      'insert into public.%1$I (%2$s) select %2$s from pg_catalog.jsonb_populate_record(null::public.%1$I, $1) returning sync_seq',
      p_table, v_cols) into v_seq using v_row;
  else
    select pg_catalog.string_agg(pg_catalog.format('%1$I = r.%1$I', k), ', ') into v_sets
      from pg_catalog.jsonb_object_keys(v_row) k where k <> 'id';
    execute pg_catalog.format(
      'update public.%1$I t set %2$s from pg_catalog.jsonb_populate_record(null::public.%1$I, $1) r where t.id = $2 returning t.sync_seq',
      p_table, coalesce(v_sets, 'id = t.id')) into v_seq using v_row - 'id', v_target;
    get diagnostics v_count = row_count;
    if v_count = 0 then
      raise exception 'not allowed to change this % row', p_table using errcode = '42501';
    end if;
  end if;
  return pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
    'status', 'applied', 'seq', v_seq,
    'merged_into', case when v_target is distinct from v_id and v_target is not null then v_target end,
    'kept', case when pg_catalog.cardinality(v_kept) > 0 then pg_catalog.to_jsonb(v_kept) end));
end;
$$;

-- Why a write was refused, when it is because the caller lost a role (revoking: 20261201001300_org_admin.sql): the
-- organisation the row belongs to (from the server's row, else the pushed one) lies under an org where the caller's
-- role was revoked and no live role of theirs covers it. Returns 'role revoked: <role> <yyyy-mm-dd> <org name>'
-- (Asia/Shanghai date) or null.
create function private.sync_revoked_note(p_table text, p_row jsonb) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_row jsonb := p_row;
  v_existing jsonb;
  v_org uuid;
  v_note text;
begin
  if p_table is null or pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(p_table)) is null then
    return null;
  end if;
  execute pg_catalog.format('select pg_catalog.to_jsonb(x) from public.%I x where x.id = $1', p_table)
    into v_existing using (p_row ->> 'id')::uuid;
  v_row := coalesce(v_existing, '{}') || p_row;
  v_org := coalesce(
    (v_row ->> 'branch_id')::uuid,
    (v_row ->> 'org_id')::uuid,
    (select a.branch_id from public.activities a where a.id = (v_row ->> 'activity_id')::uuid),
    (select p.branch_id from public.pairings p where p.id = (v_row ->> 'pairing_id')::uuid),
    case when p_table = 'orgs' then coalesce((v_existing ->> 'id')::uuid, (v_row ->> 'parent_id')::uuid) end);
  select r.role || ' ' || pg_catalog.to_char(r.deleted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') || ' ' || o.name
    into v_note
    from public.orgs t
    join public.org_roles r on t.path @> array[r.org_id]
    join public.orgs o on o.id = r.org_id
   where t.id = v_org and r.user_id = auth.uid() and r.deleted_at is not null
     and not exists (select 1 from public.org_roles l
                      where l.user_id = auth.uid() and l.deleted_at is null and t.path @> array[l.org_id])
   order by r.deleted_at desc
   limit 1;
  return case when v_note is null then null else 'role revoked: ' || v_note end;
exception when others then
  return null; -- only an explanation: never turn a refusal into an error
end
$$;

-- Whether the caller (RLS applies: this runs as the invoker) can see a row. A write to a row that has left the
-- caller's view fails as an insert of a partial row (e.g. 23514 'a person belongs to a branch'), not as 42501.
create function private.sync_row_visible(p_table text, p_id uuid) returns boolean
language plpgsql stable set search_path = '' as $$
declare
  v_seen boolean;
begin
  execute pg_catalog.format('select exists (select 1 from public.%I x where x.id = $1)', p_table) into v_seen using p_id;
  return v_seen;
exception when others then
  return true; -- unknown table or bad id: not a question of visibility
end
$$;

-- sync_push runs as the caller, so the caller may ask both: sync_revoked_note only ever tells them about their own
-- roles, sync_row_visible only what RLS shows them.
revoke execute on function private.sync_revoked_note(text, jsonb), private.sync_row_visible(text, uuid) from public, anon;
grant execute on function private.sync_revoked_note(text, jsonb), private.sync_row_visible(text, uuid) to authenticated;

-- A write refused because the caller's role was revoked says so (code role_revoked, reason from sync_revoked_note):
-- refused by RLS (42501), or refused by a constraint (23xxx) on a row the caller can no longer see.
create function public.sync_push(p_schema_version int, p_mutations jsonb) returns jsonb
language plpgsql set search_path = '' as $$
declare
  v_m jsonb;
  v_result jsonb;
  v_results jsonb := '[]';
  v_note text;
begin
  perform private.sync_check_version(p_schema_version);
  perform private.sync_validate(p_mutations);
  for v_m in select value from pg_catalog.jsonb_array_elements(p_mutations) loop
    begin
      v_result := private.claim_mutation((v_m ->> 'id')::uuid);
      if v_result is null then
        v_result := private.sync_apply(v_m ->> 'table', v_m -> 'row', (v_m ->> 'base_seq')::bigint);
        perform private.record_mutation((v_m ->> 'id')::uuid, v_result);
      end if;
    exception when others then
      -- the subtransaction is undone, claim included: the same mutation may be retried after a fix
      v_result := pg_catalog.jsonb_build_object('status', 'rejected', 'code', sqlstate, 'reason', sqlerrm);
      if sqlstate = '42501' or (sqlstate like '23%'
                                and not private.sync_row_visible(v_m ->> 'table', (v_m -> 'row' ->> 'id')::uuid)) then
        v_note := private.sync_revoked_note(v_m ->> 'table', v_m -> 'row');
        if v_note is not null then
          v_result := v_result || pg_catalog.jsonb_build_object('code', 'role_revoked', 'reason', v_note);
        end if;
      end if;
    end;
    v_results := v_results || pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object('id', v_m ->> 'id', 'row_id', v_m -> 'row' ->> 'id') || v_result);
  end loop;
  return pg_catalog.jsonb_build_object('schema_version', private.sync_schema_version(), 'results', v_results);
end;
$$;

comment on function public.sync_push(int, jsonb) is
  'Applies a batch of upserts {id, table, row, base_seq} under RLS, idempotently by mutation id (docs/sync.md).';

-- What the caller's device mirrors, as a fingerprint: when it changes, the client pulls everything again. Their roles, their
-- roster rows (a transfer whose day has come takes the branch away on that day, with no write to announce it) and
-- the newest move that matters to them: one that took an org into or out of the subtree of one of their roles or
-- member branches, or that moved such an anchor itself (or an ancestor: its inherited policies change).
create function private.sync_scope() returns text language sql stable security definer set search_path = '' as $$
  with anchors as (
    select r.org_id as a from public.org_roles r where r.user_id = auth.uid() and r.deleted_at is null
    union
    select p.branch_id from public.people p where p.user_id = auth.uid() and p.deleted_at is null)
  -- 'pull 2': what a device pulls changed (per-branch rows only to the branch's devices), so every device re-pulls
  -- once and drops what it no longer mirrors; bump it whenever sync_pull's selection of rows changes
  select pg_catalog.md5('pull 2;' || coalesce(pg_catalog.string_agg(x, ',' order by x), ''))
    from (select r.role || ':' || r.org_id as x from public.org_roles r
           where r.user_id = auth.uid() and r.deleted_at is null
          union all
          select 'person:' || p.branch_id || ':' || coalesce(p.left_branch_on::text, '')
                 || case when p.left_branch_on <= private.shanghai_today() then ':left' else '' end from public.people p
           where p.user_id = auth.uid() and p.deleted_at is null
          union all
          select 'moved:' || pg_catalog.max(c.id)
            from anchors n
            join public.orgs ao on ao.id = n.a
            join public.org_changes c on c.root_id = ao.root_id and c.action = 'move'
           where ((c.before -> 'path') ? n.a::text) is distinct from ((c.after -> 'path') ? n.a::text)
              or c.org_id = any (ao.path)) s
$$;

-- A page never ends between two rows at the same position: the names-only roster is a view over people, so a
-- person's row and its roster row share (sync_xid, sync_seq), and a member pulls both (her own row, and the branch's
-- roster); the next page starts strictly after the last position (decisions §31).
create function public.sync_pull(p_schema_version int, p_cursor text default null, p_limit int default 1000)
returns jsonb
language plpgsql stable set search_path = '' as $$
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
  v_edge jsonb;
  v_more boolean := false;
  v_tables text[] := array(select s.name from private.synced_tables() s order by s.position);
  -- the branches whose per-branch rows this device mirrors: those the caller is secretary of, and those of the
  -- caller's own roster rows (a member's branch; after a transfer the old branch too, where RLS shows their own rows)
  v_branches uuid[] := array(select private.role_subtree_ids(array['secretary'])
                             union select p.branch_id from public.people p where p.id in (select private.my_person_ids()));
  v_per_branch boolean;
begin
  perform private.sync_check_version(p_schema_version);
  if p_cursor is not null then
    if p_cursor !~ '^[0-9]+:[0-9]+$' then
      perform private.sync_fail('malformed', 'cursor must be the value returned by the previous pull');
    end if;
    v_xid := pg_catalog.split_part(p_cursor, ':', 1)::xid8;
    v_seq := pg_catalog.split_part(p_cursor, ':', 2)::bigint;
  end if;

  for v_table, v_per_branch in select s.name, s.per_branch from private.synced_tables() s order by s.position
  loop
    -- a device of no branch (a reviewer's, finance's) pulls no per-branch table at all
    continue when v_per_branch and pg_catalog.cardinality(v_branches) = 0;
    -- each table contributes up to limit + 1 rows: the look-ahead row tells whether more remain
    v_sql := v_sql || case when v_sql = '' then '' else ' union all ' end || pg_catalog.format(
      '(select %1$L as t, x.sync_xid, x.sync_seq, pg_catalog.to_jsonb(x) - array[''sync_xid'', ''sync_seq'', ''root_id''] as r
          from public.%1$I x
         where (x.sync_xid, x.sync_seq) > ($1, $2) and x.sync_xid < $3 %2$s %3$s
         order by x.sync_xid, x.sync_seq limit $4 + 1)',
      v_table,
      case when v_per_branch then 'and x.branch_id = any ($6)' else '' end,
      -- secretaries and reviewers get whole people rows; the names-only roster is for the other branches
      case when v_table = 'roster'
           then 'and x.branch_id not in (select private.role_subtree_ids(array[''secretary'', ''reviewer'']))'
           else '' end);
  end loop;

  -- a page may hold one row more per table than asked: the rows tied with the last one (a person and its roster
  -- row share a position) all come in the same page, since the next page starts strictly after that position
  execute 'select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''table'', t, ''row'', r, ''xid'', sync_xid::text, ''seq'', sync_seq) order by sync_xid, sync_seq, t), count(*)
             from (select * from (' || v_sql || ') u order by sync_xid, sync_seq, t limit $4 + $5) page'
    into v_rows, v_count using v_xid, v_seq, v_horizon, v_limit, pg_catalog.cardinality(v_tables), v_branches;

  v_rows := coalesce(v_rows, '[]');
  if v_count > v_limit then
    v_edge := v_rows -> (v_limit - 1);
    select coalesce(pg_catalog.jsonb_agg(a.e order by a.o), '[]') into v_rows
      from pg_catalog.jsonb_array_elements(v_rows) with ordinality a (e, o)
     where ((a.e ->> 'xid')::xid8, (a.e ->> 'seq')::bigint) <= ((v_edge ->> 'xid')::xid8, (v_edge ->> 'seq')::bigint);
    v_more := pg_catalog.jsonb_array_length(v_rows) < v_count; -- else the look-ahead rows were all ties
  end if;
  v_last := v_rows -> -1;
  return pg_catalog.jsonb_build_object(
    'schema_version', private.sync_schema_version(),
    'rows', (select coalesce(pg_catalog.jsonb_agg(e - 'xid' - 'seq' || pg_catalog.jsonb_build_object('seq', e -> 'seq')), '[]')
               from pg_catalog.jsonb_array_elements(v_rows) e),
    'cursor', case when v_last is null then coalesce(p_cursor, '0:0') else (v_last ->> 'xid') || ':' || (v_last ->> 'seq') end,
    'has_more', v_more,
    'scope', private.sync_scope());
end;
$$;

comment on function public.sync_pull(int, text, int) is
  'Pages through every row the caller''s device mirrors (visible, and per-branch rows only of its own branches), in (transaction, sequence) order, from an opaque cursor (docs/sync.md).';

revoke execute on function public.sync_push(int, jsonb) from public, anon;
revoke execute on function public.sync_pull(int, text, int) from public, anon;
grant execute on function public.sync_push(int, jsonb) to authenticated, service_role;
grant execute on function public.sync_pull(int, text, int) to authenticated, service_role;
