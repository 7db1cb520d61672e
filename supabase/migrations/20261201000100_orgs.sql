-- The organisation tree (committee → … → branch → group) and role grants, with the machinery every synced table
-- uses: the server-set bookkeeping columns (private.sync_columns, stamp_row), the place triggers that put a row in its
-- branch (place_on_org, place_under_parent), row-level security with the standard policies (protect_table) and the
-- visibility helpers RLS policies call (docs/decisions.md §1–§4).
-- Who may change what in the tree (the guard, the rules for everyone, the audit, the role list) is in
-- 20261201001300_org_admin.sql; the set-up code and the invitations that grant roles in 20261201001400_onboarding.sql.

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

-- Every write gets a place in the pull order (set only by the definer trigger stamp_row: clients have no
-- privilege on the sequence): (sync_xid, sync_seq). The transaction id lets pull hold back
-- rows of transactions still in flight (docs/sync.md), the sequence orders writes inside one transaction.
create sequence private.sync_seq;

create function private.shanghai_today() returns date
language sql stable set search_path = '' as $$ select (pg_catalog.now() at time zone 'Asia/Shanghai')::date $$;

-- True when the current role is not a client API role (service_role, the migration owner, superusers).
create function private.is_privileged() returns boolean
language sql stable set search_path = '' as $$ select current_user::text not in ('anon', 'authenticated') $$;

-- Bookkeeping no client can forge: whatever the client sends is overwritten here.
create function private.stamp_row() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and new.id is distinct from old.id then
    raise exception 'id cannot change' using errcode = '23514';
  end if;
  new.updated_at := pg_catalog.now();
  new.sync_xid := pg_catalog.pg_current_xact_id();
  new.sync_seq := pg_catalog.nextval('private.sync_seq');
  return new;
end;
$$;

-- The bookkeeping columns of every synced table, in this order, copied into each by `like private.sync_columns
-- including defaults` (orgs, org_roles, people, activities, attendance, member_keys, event_keys, pairings, pairing_logs,
-- cadence_policies, funding_matches, expenses, funding_policies): root_id, the distribution key (SPEC §10), set by the
-- table's place trigger (t10_place); updated_at, sync_xid and sync_seq, set by stamp_row (t90_stamp, made by
-- private.protect_table); deleted_at, the tombstone (clients never delete rows). Holds no rows.
create table private.sync_columns (
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null
);
alter table private.sync_columns enable row level security;
revoke all on private.sync_columns from public, anon, authenticated;

-- The ids of an array as a set the planner takes for a thousand rows: planned as "= any (array)" a set of branches
-- counts as ten rows and every join over them turns into a nested loop, quadratic in the number of branches
-- (docs/scale.md). The SET clause keeps it from being inlined. Used by completeness and the verdict triggers.
create function private.uuid_set(p_ids uuid[]) returns setof uuid
language sql immutable rows 1000 set search_path = '' as $$ select unnest(p_ids) $$;

-- Names: cleaned on every write (t10_place below), compared without case or spaces among live siblings
-- (the unique index below, and private.orgs_rules in 20261201001300_org_admin.sql).
create function private.org_name_clean(p_name text) returns text language sql immutable set search_path = '' as $$
  select pg_catalog.regexp_replace(
           pg_catalog.regexp_replace(p_name, '^[\s\u3000]+|[\s\u3000]+$', '', 'g'), '[\s\u3000]+', ' ', 'g')
$$;

-- What makes two sibling names the same: case and spaces do not count ('内科 一支部' = '内科一支部').
create function private.org_name_key(p_name text) returns text
language sql immutable set search_path = '' as $$ select pg_catalog.lower(pg_catalog.regexp_replace(p_name, '[\s\u3000]+', '', 'g')) $$;

create table public.orgs (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references public.orgs (id),
  kind text not null check (kind in ('committee', 'branch', 'group')),
  name text not null check (length(btrim(name)) > 0),
  has_committee boolean not null default false,
  -- ancestors from the root down to this org itself; root_id = path[1] (distribution key, SPEC §10)
  path uuid[] not null,
  like private.sync_columns including defaults,
  check (kind = 'branch' or not has_committee),
  check (parent_id is distinct from id)
);
comment on table public.orgs is 'Party organisations: committees (any reviewing level), branches 党支部 and groups 党小组.';
comment on column public.orgs.path is 'Ancestor ids from the root to this org, kept by trigger; RLS resolves subtrees with it.';

create index orgs_parent_id_idx on public.orgs (parent_id);
create index orgs_path_gin on public.orgs using gin (path);
create index orgs_root_id_idx on public.orgs (root_id);
-- The backstop under concurrency; private.orgs_rules answers first with a clearer message.
create unique index orgs_live_sibling_name_key on public.orgs (parent_id, private.org_name_key(name))
  where deleted_at is null and parent_id is not null;

-- t10_place of orgs: the name cleaned (on insert and rename), and the shape of the tree: group under a branch, branch
-- under a committee, committee under a committee or nothing.
create function private.orgs_place() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_parent public.orgs;
begin
  if tg_op = 'INSERT' or new.name is distinct from old.name then
    new.name := private.org_name_clean(new.name);
  end if;
  if tg_op = 'UPDATE' and new.kind is distinct from old.kind then
    raise exception 'an organisation cannot change kind' using errcode = '23514';
  end if;
  if new.parent_id is null then
    if new.kind <> 'committee' then
      raise exception 'a % must have a parent', new.kind using errcode = '23514';
    end if;
    new.path := array[new.id];
  else
    select * into v_parent from public.orgs where id = new.parent_id;
    if not found then
      raise exception 'parent organisation % does not exist', new.parent_id using errcode = '23503';
    end if;
    if new.kind = 'group' and v_parent.kind <> 'branch' then
      raise exception 'a group must belong to a branch' using errcode = '23514';
    elsif new.kind = 'branch' and v_parent.kind <> 'committee' then
      raise exception 'a branch must belong to a committee' using errcode = '23514';
    elsif new.kind = 'committee' and v_parent.kind <> 'committee' then
      raise exception 'a committee can only belong to a committee' using errcode = '23514';
    end if;
    if new.id = any (v_parent.path) then
      raise exception 'an organisation cannot be its own ancestor' using errcode = '23514';
    end if;
    new.path := v_parent.path || new.id;
  end if;
  new.root_id := new.path[1];
  return new;
end;
$$;

-- t10 cleans the name and places the org; t20_guard (who may change what), t25_rules (name, parent, siblings, groups)
-- and t97_audit are in 20261201001300_org_admin.sql, t90_stamp comes with private.protect_table (below). The name,
-- path and root_id are derived on every write, whatever the client sent.
create trigger t10_place before insert or update on public.orgs
  for each row execute function private.orgs_place();

-- When an org's path changes (it moved, see private.orgs_guard), its children recompute theirs from it; their own
-- path change recurses down the subtree one level at a time.
create function private.orgs_repath_children() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  update public.orgs o set path = new.path where o.parent_id = new.id;
  return null;
end;
$$;
create trigger t95_repath after update on public.orgs
  for each row when (new.path is distinct from old.path)
  execute function private.orgs_repath_children();


-- Where a row of a per-branch or per-committee table belongs: the root of p_org, which must be an org of kind p_kind
-- (else p_refusal, 23514), and a group it names (p_group) must be a group of that branch. Called by the place
-- triggers (t10_place): private.place_on_org and private.org_roles_place below, private.activities_place
-- (20261201000300_activities.sql) and private.pairings_place (20261201000700_pairings.sql).
create function private.placed_root_id(p_org uuid, p_kind text, p_refusal text, p_group uuid default null) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_kind text;
  v_root uuid;
begin
  select o.kind, o.root_id into v_kind, v_root from public.orgs o where o.id = p_org;
  if v_kind is distinct from p_kind then
    raise exception '%', p_refusal using errcode = '23514';
  end if;
  if p_group is not null and not exists (
       select 1 from public.orgs g where g.id = p_group and g.kind = 'group' and g.parent_id = p_org) then
    raise exception 'the group is not a group of this branch' using errcode = '23514';
  end if;
  return v_root;
end;
$$;
revoke execute on function private.placed_root_id(uuid, text, text, uuid) from public, anon, authenticated;

-- t10_place of a table whose rows name their org and need nothing else checked: tg_argv is the column naming the
-- org, the kind it must be and the refusal otherwise, e.g. ('branch_id', 'branch', 'a person belongs to a branch');
-- a group_id, where the table has one, must be a group of that branch. root_id follows the org. Used by people,
-- cadence_policies, funding_matches, expenses and funding_policies.
create function private.place_on_org() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_row jsonb := pg_catalog.to_jsonb(new);
begin
  new.root_id := private.placed_root_id((v_row ->> tg_argv[0])::uuid, tg_argv[1], tg_argv[2],
                                        (v_row ->> 'group_id')::uuid);
  return new;
end;
$$;

-- t10_place of a table whose rows hang off a row of another per-branch table: tg_argv is that table, the column
-- naming its row and the noun for the refusal when there is none (23503), e.g. ('people', 'person_id', 'person').
-- branch_id and root_id are copied from it, so RLS needs no join. Used by member_keys, event_keys and pairing_logs.
create function private.place_under_parent() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_parent uuid := (pg_catalog.to_jsonb(new) ->> tg_argv[1])::uuid;
  v_branch uuid;
  v_root uuid;
begin
  execute pg_catalog.format('select p.branch_id, p.root_id from public.%I p where p.id = $1', tg_argv[0])
    into v_branch, v_root using v_parent;
  if v_root is null then
    raise exception '% % does not exist', tg_argv[2], v_parent using errcode = '23503';
  end if;
  new.branch_id := v_branch;
  new.root_id := v_root;
  return new;
end;
$$;

create table public.org_roles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  org_id uuid not null references public.orgs (id),
  role text not null check (role in ('secretary', 'reviewer', 'finance')),
  -- deleted_at: when the role was revoked (rows are never deleted: the role list shows former holders)
  like private.sync_columns including defaults,
  granted_by uuid references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  holder_name text check (holder_name is null or pg_catalog.length(holder_name) between 1 and 40),
  revoked_by uuid references auth.users (id) on delete set null,
  -- the invitation that granted it; the foreign key comes with public.invites (20261201001400_onboarding.sql)
  invite_id uuid
);
comment on table public.org_roles is 'Who may do what where: secretary of a branch, reviewer or finance of a committee (SPEC §4).';
comment on column public.org_roles.granted_by is 'Who granted the role (the inviter); null for the first reviewer from the set-up code.';
comment on column public.org_roles.holder_name is 'The holder''s name as the inviter typed it, shown in the role list.';
comment on column public.org_roles.revoked_by is 'Who revoked the role; deleted_at is when.';
create unique index org_roles_live_key on public.org_roles (user_id, org_id, role) where deleted_at is null;
create index org_roles_user_idx on public.org_roles (user_id, role);
create index org_roles_org_idx on public.org_roles (org_id);

-- A secretary is granted on a branch, a reviewer or finance on a committee; root_id follows the org.
create function private.org_roles_place() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_kind text := case when new.role = 'secretary' then 'branch' else 'committee' end;
begin
  new.root_id := private.placed_root_id(new.org_id, v_kind, pg_catalog.format('a %s is granted on a %s', new.role, v_kind));
  return new;
end;
$$;

create trigger t10_place before insert or update on public.org_roles
  for each row execute function private.org_roles_place();

-- Visibility helpers. They return sets so that policies can use `x in (select …)`: the planner runs the
-- helper once per statement and hashes it, instead of once per row.

-- The orgs where the user holds one of p_roles (not revoked): an org is under them when its path overlaps this
-- array, a test of the row itself (the orgs policy), with no subtree to compute.
create function private.role_org_ids(p_roles text[]) returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(pg_catalog.array_agg(r.org_id), '{}')
    from public.org_roles r
   where r.user_id = auth.uid() and r.role = any (p_roles) and r.deleted_at is null
$$;

-- Every org (any kind, tombstones included so deletions still sync) under an org where the user holds a role: one
-- probe of the path index per role org.
create function private.role_subtree_ids(p_roles text[]) returns setof uuid
language sql stable security definer set search_path = '' as $$
  select o.id from pg_catalog.unnest(private.role_org_ids(p_roles)) r (org_id)
    join public.orgs o on o.path @> array[r.org_id]
$$;

-- Member-side helpers are plpgsql so that they may name public.people, created in 20261201000200_people.sql.

-- The user's own live person rows (a person may have several after transfers).
create function private.my_person_ids() returns setof uuid language plpgsql stable security definer set search_path = '' as $$
begin
  return query select p.id from public.people p where p.user_id = auth.uid() and p.deleted_at is null;
end;
$$;

-- Branches the user currently belongs to as a person (not transferred out).
create function private.my_member_branch_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select p.branch_id from public.people p
     where p.user_id = auth.uid() and p.deleted_at is null
       and (p.left_branch_on is null or p.left_branch_on > private.shanghai_today());
end;
$$;

-- The member's branches and their groups.
create function private.my_member_org_ids() returns setof uuid language sql stable security definer set search_path = '' as $$
  select o.id from public.orgs o
   where o.id in (select private.my_member_branch_ids())
      or o.parent_id in (select private.my_member_branch_ids())
$$;

-- Committees above the branches where the user is a member or secretary: their policies apply to the user.
create function private.my_branch_ancestor_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select distinct unnest(o.path)
    from public.orgs o
   where o.kind = 'branch'
     and (o.id in (select private.my_member_branch_ids())
          or o.id in (select private.role_subtree_ids(array['secretary'])))
$$;

-- Branches whose server-computed figures the caller may read (SPEC §5.1). p_what: 'completeness' or 'funding'.
create function private.visible_branch_ids(p_what text) returns setof uuid
language sql stable security definer set search_path = '' as $$
  select o.id from public.orgs o
   where o.kind = 'branch'
     and (auth.role() = 'service_role'
          or o.id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
          or (p_what = 'completeness' and o.id in (select private.my_member_branch_ids())))
$$;

-- A keyset page of the live branches whose figures the caller may read (visible_branch_ids(p_what)), in (name, id)
-- order after (p_after_name, p_after_id): at most p_limit (1–1000), or all of them when p_limit is null; p_committee
-- and p_search narrow it to a subtree and to names containing the text. Used by public.branch_funding
-- (20261201001000_funding.sql) and public.branch_summaries (20261201001100_completeness.sql).
create function private.visible_branch_page(p_what text, p_after_name text, p_after_id uuid, p_limit int,
                                            p_committee uuid default null, p_search text default null)
returns setof public.orgs
language sql stable set search_path = '' as $$
  select b.*
    from public.orgs b
   where b.kind = 'branch' and b.deleted_at is null
     and b.id in (select private.visible_branch_ids(p_what))
     and (p_committee is null or p_committee = any (b.path))
     and (nullif(btrim(p_search), '') is null or strpos(lower(b.name), lower(btrim(p_search))) > 0)
     and (p_after_name is null
          or (b.name, b.id) > (p_after_name, coalesce(p_after_id, '00000000-0000-0000-0000-000000000000'::uuid)))
   order by b.name, b.id
   limit case when p_limit is not null then least(greatest(p_limit, 1), 1000) end
$$;
revoke execute on function private.visible_branch_page(text, text, uuid, int, uuid, text) from public, anon, authenticated;

-- Is the user a secretary of this branch?
create function private.is_secretary_of(p_branch_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.org_roles r
     where r.user_id = auth.uid() and r.org_id = p_branch_id and r.role = 'secretary' and r.deleted_at is null)
$$;

-- What every table clients reach through the API gets (SPEC §4): row-level security, nothing for anon, and no client
-- DELETE or TRUNCATE (deleting is an update of deleted_at); p_writable false takes INSERT and UPDATE from clients too
-- (the server writes that table). A synced table (one with the private.sync_columns) also gets its stamp, t90_stamp,
-- the last BEFORE trigger, so that every other one has had its say, and <table>_sync_idx on (sync_xid, sync_seq),
-- the order sync_pull pages it in. With p_readers and p_writers, the three policies
-- of a table whose rows belong to an org (p_column): <table>_select for the roles p_readers hold on the org or above
-- it, or whom p_or_readable (an SQL condition) lets in, <table>_insert and <table>_update for the roles p_writers.
-- p_on_committees: the rows are placed on committees only, so the policies hash the subtree's committees, not every
-- branch and group of a district (decisions §39).
-- Run by the migrations on every public table but org_changes (select only).
create function private.protect_table(p_table regclass, p_writable boolean default true, p_readers text[] default null,
                                      p_writers text[] default null, p_or_readable text default null,
                                      p_column text default 'branch_id', p_on_committees boolean default false)
returns void
language plpgsql set search_path = '' as $$
declare
  v_name text := (select c.relname from pg_catalog.pg_class c where c.oid = p_table);
  v_synced boolean := exists (select 1 from pg_catalog.pg_attribute a
                               where a.attrelid = p_table and a.attname = 'sync_seq' and not a.attisdropped);
  -- the roles as the SQL of an array, array['secretary', 'reviewer'], so that a policy reads as if written by hand
  v_readers text := (select pg_catalog.string_agg(pg_catalog.quote_literal(x.r), ', ' order by x.i)
                       from pg_catalog.unnest(p_readers) with ordinality x (r, i));
  v_writers text := (select pg_catalog.string_agg(pg_catalog.quote_literal(x.r), ', ' order by x.i)
                       from pg_catalog.unnest(p_writers) with ordinality x (r, i));
  -- the orgs under the roles: all of them, or only the committees (a short list, read under the orgs policy)
  v_under text := case when p_on_committees
                       then '%I in (select c.id from public.orgs c where c.kind = ''committee'''
                            ' and c.path && (select private.role_org_ids(array[%s])))'
                       else '%I in (select private.role_subtree_ids(array[%s]))' end;
  v_read text := pg_catalog.format(v_under, p_column, v_readers);
  v_write text := pg_catalog.format(v_under, p_column, v_writers);
begin
  if v_synced then
    execute pg_catalog.format(
      'create trigger t90_stamp before insert or update on %s for each row execute function private.stamp_row()', p_table);
    execute pg_catalog.format('create index %I on %s (sync_xid, sync_seq)', v_name || '_sync_idx', p_table);
  end if;
  execute pg_catalog.format('alter table %s enable row level security', p_table);
  execute pg_catalog.format('revoke all on %s from anon', p_table);
  execute pg_catalog.format('revoke %s on %s from authenticated',
    case when p_writable then 'delete, truncate' else 'insert, update, delete, truncate' end, p_table);
  if p_readers is not null then
    execute pg_catalog.format('create policy %I on %s for select to authenticated using (%s%s)',
      v_name || '_select', p_table, v_read, coalesce(' or ' || p_or_readable, ''));
  end if;
  if p_writers is not null then
    execute pg_catalog.format('create policy %I on %s for insert to authenticated with check (%s)',
      v_name || '_insert', p_table, v_write);
    execute pg_catalog.format('create policy %I on %s for update to authenticated using (%s) with check (%s)',
      v_name || '_update', p_table, v_write, v_write);
  end if;
end;
$$;
revoke execute on function private.protect_table(regclass, boolean, text[], text[], text, text, boolean)
  from public, anon, authenticated;

-- RLS. Roles are granted by invitation and revoked by reviewers (20261201001300_org_admin.sql), not written by clients.
select private.protect_table('public.orgs');
select private.protect_table('public.org_roles', p_writable => false);

-- The row's own path against the caller's role orgs: no subtree is hashed, so a reviewer's pull page does not list a
-- district's 10k orgs again (decisions §39). It also holds for a group that sync_push inserts with RETURNING: the
-- row's path is placed (t10_place) before the policy sees it (decisions §14).
create policy orgs_select on public.orgs for select to authenticated
  using (path && (select private.role_org_ids(array['secretary', 'reviewer', 'finance']))
         or id in (select private.my_member_org_ids()));
-- Secretaries create groups in their branch, reviewers anything under a committee they review …
create policy orgs_insert on public.orgs for insert to authenticated
  with check ((kind = 'group' and parent_id in (select private.role_subtree_ids(array['secretary'])))
              or parent_id in (select private.role_subtree_ids(array['reviewer'])));
-- … and change rows of their subtree: private.orgs_guard decides which columns, private.orgs_rules what is valid.
create policy orgs_update on public.orgs for update to authenticated
  using (id in (select private.role_subtree_ids(array['secretary', 'reviewer'])))
  with check (id in (select private.role_subtree_ids(array['secretary', 'reviewer'])));

create policy org_roles_select on public.org_roles for select to authenticated
  using (user_id = auth.uid());
