-- sync_pull as in 20261125000100_checkin_keys.sql, except that a page never ends between two rows at the same
-- position. The names-only roster is a view over people, so a person's row and its roster row share
-- (sync_xid, sync_seq); a member pulls both (her own row, and the branch's roster). A page that ended on one of
-- them made the next page start after that position, and the other was never sent: the member's phone kept an
-- old copy until the row changed again. Found by the fault simulation (tests/integration/simulation.test.ts).
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
  v_edge jsonb;
  v_more boolean := false;
  v_tables text[] := array['orgs', 'org_roles', 'people', 'roster', 'activities', 'attendance', 'pairings',
                           'pairing_logs', 'cadence_policies', 'funding_policies', 'funding_matches', 'expenses',
                           'member_keys', 'event_keys'];
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

  foreach v_table in array v_tables
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

  -- a page may hold one row more per table than asked: the rows tied with the last one (a person and its roster
  -- row share a position) all come in the same page, since the next page starts strictly after that position
  execute 'select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''table'', t, ''row'', r, ''xid'', sync_xid::text, ''seq'', sync_seq) order by sync_xid, sync_seq, t), count(*)
             from (select * from (' || v_sql || ') u order by sync_xid, sync_seq, t limit $4 + $5) page'
    into v_rows, v_count using v_xid, v_seq, v_horizon, v_limit, pg_catalog.cardinality(v_tables);

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
