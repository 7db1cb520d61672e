-- The organisation tree (committee → … → branch → group) and role grants, with the machinery every synced table
-- uses: server-set bookkeeping columns and the visibility helpers RLS policies call (docs/decisions.md §1–§4).
-- Who may change what in the tree (the guard, the rules for everyone, the audit, the role list) is in
-- 20261201001300_org_admin.sql; the set-up code and the invitations that grant roles in 20261201001400_onboarding.sql.

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

-- Every write gets a place in the pull order (set only by the definer trigger stamp_row: clients have no
-- privilege on the sequence): (sync_xid, sync_seq). The transaction id lets pull hold back
-- rows of transactions still in flight (docs/sync.md), the sequence orders writes inside one transaction.
create sequence private.sync_seq;

create function private.shanghai_today() returns date
language sql stable
set search_path = ''
as $$ select (pg_catalog.now() at time zone 'Asia/Shanghai')::date $$;

-- True when the current role is not a client API role (service_role, the migration owner, superusers).
create function private.is_privileged() returns boolean
language sql stable
set search_path = ''
as $$ select current_user::text not in ('anon', 'authenticated') $$;

-- Bookkeeping no client can forge: whatever the client sends is overwritten here.
create function private.stamp_row() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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

-- The ids of an array as a set the planner takes for a thousand rows: planned as "= any (array)" a set of branches
-- counts as ten rows and every join over them turns into a nested loop, quadratic in the number of branches
-- (docs/scale.md). The SET clause keeps it from being inlined. Used by completeness and the verdict triggers.
create function private.uuid_set(p_ids uuid[]) returns setof uuid
language sql
immutable
rows 1000
set search_path = ''
as $$ select unnest(p_ids) $$;

-- Names: cleaned on every write (t05_name below), compared without case or spaces among live siblings
-- (the unique index below, and private.orgs_rules in 20261201001300_org_admin.sql).
create function private.org_name_clean(p_name text) returns text
language sql immutable
set search_path = ''
as $$
  select pg_catalog.regexp_replace(
           pg_catalog.regexp_replace(p_name, '^[\s\u3000]+|[\s\u3000]+$', '', 'g'), '[\s\u3000]+', ' ', 'g')
$$;

-- What makes two sibling names the same: case and spaces do not count ('内科 一支部' = '内科一支部').
create function private.org_name_key(p_name text) returns text
language sql immutable
set search_path = ''
as $$ select pg_catalog.lower(pg_catalog.regexp_replace(p_name, '[\s\u3000]+', '', 'g')) $$;

create table public.orgs (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references public.orgs (id),
  kind text not null check (kind in ('committee', 'branch', 'group')),
  name text not null check (length(btrim(name)) > 0),
  has_committee boolean not null default false,
  -- ancestors from the root down to this org itself; root_id = path[1] (distribution key, SPEC §10)
  path uuid[] not null,
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
  check (kind = 'branch' or not has_committee),
  check (parent_id is distinct from id)
);
comment on table public.orgs is 'Party organisations: committees (any reviewing level), branches 党支部 and groups 党小组.';
comment on column public.orgs.path is 'Ancestor ids from the root to this org, kept by trigger; RLS resolves subtrees with it.';

create index orgs_parent_id_idx on public.orgs (parent_id);
create index orgs_path_gin on public.orgs using gin (path);
create index orgs_root_id_idx on public.orgs (root_id);
create index orgs_sync_idx on public.orgs (sync_xid, sync_seq);
-- The backstop under concurrency; private.orgs_rules answers first with a clearer message.
create unique index orgs_live_sibling_name_key on public.orgs (parent_id, private.org_name_key(name))
  where deleted_at is null and parent_id is not null;

-- Shape of the tree: group under a branch, branch under a committee, committee under a committee or nothing.
create function private.orgs_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_parent public.orgs;
begin
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

-- When an org's path changes (it moved, see private.orgs_guard), its children recompute theirs from it; their own
-- path change recurses down the subtree one level at a time.
create function private.orgs_repath_children() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.orgs o set path = new.path where o.parent_id = new.id;
  return null;
end;
$$;

-- The name as written, trimmed (full-width spaces too), inner runs of spaces made one: on insert and rename.
create function private.orgs_name() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.name is distinct from old.name then
    new.name := private.org_name_clean(new.name);
  end if;
  return new;
end;
$$;

-- t05 cleans the name before placement (t10); t20_guard (who may change what), t25_rules (name, parent, siblings,
-- groups) and t97_audit are in 20261201001300_org_admin.sql. path and root_id are derived on every write, whatever
-- the client sent.
create trigger t05_name before insert or update on public.orgs
  for each row execute function private.orgs_name();
create trigger t10_place before insert or update on public.orgs
  for each row execute function private.orgs_place();
create trigger t90_stamp before insert or update on public.orgs
  for each row execute function private.stamp_row();
create trigger t95_repath after update on public.orgs
  for each row when (new.path is distinct from old.path)
  execute function private.orgs_repath_children();

create table public.org_roles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  org_id uuid not null references public.orgs (id),
  role text not null check (role in ('secretary', 'reviewer', 'finance')),
  root_id uuid not null,
  updated_at timestamptz not null default now(),
  -- when the role was revoked (rows are never deleted: the role list shows former holders)
  deleted_at timestamptz,
  sync_xid xid8 not null default pg_current_xact_id(),
  sync_seq bigint not null,
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

create function private.org_roles_place() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.orgs;
begin
  select * into v_org from public.orgs where id = new.org_id;
  if not found then
    raise exception 'organisation % does not exist', new.org_id using errcode = '23503';
  end if;
  if new.role = 'secretary' and v_org.kind <> 'branch' then
    raise exception 'a secretary is granted on a branch' using errcode = '23514';
  elsif new.role in ('reviewer', 'finance') and v_org.kind <> 'committee' then
    raise exception 'a % is granted on a committee', new.role using errcode = '23514';
  end if;
  new.root_id := v_org.root_id;
  return new;
end;
$$;

create trigger t10_place before insert or update on public.org_roles
  for each row execute function private.org_roles_place();
create trigger t90_stamp before insert or update on public.org_roles
  for each row execute function private.stamp_row();

-- Visibility helpers. They return sets so that policies can use `x in (select …)`: the planner runs the
-- helper once per statement and hashes it, instead of once per row.

-- Every org (any kind, tombstones included so deletions still sync) under an org where the user holds a role.
create function private.role_subtree_ids(p_roles text[]) returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select o.id
    from public.org_roles r
    join public.orgs o on o.path @> array[r.org_id]
   where r.user_id = auth.uid()
     and r.role = any (p_roles)
     and r.deleted_at is null
$$;

-- Member-side helpers are plpgsql so that they may name public.people, created in 20261201000200_people.sql.

-- The user's own live person rows (a person may have several after transfers).
create function private.my_person_ids() returns setof uuid
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  return query select p.id from public.people p where p.user_id = auth.uid() and p.deleted_at is null;
end;
$$;

-- Branches the user currently belongs to as a person (not transferred out).
create function private.my_member_branch_ids() returns setof uuid
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  return query
    select p.branch_id from public.people p
     where p.user_id = auth.uid() and p.deleted_at is null
       and (p.left_branch_on is null or p.left_branch_on > private.shanghai_today());
end;
$$;

-- The member's branches and their groups.
create function private.my_member_org_ids() returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select o.id from public.orgs o
   where o.id in (select private.my_member_branch_ids())
      or o.parent_id in (select private.my_member_branch_ids())
$$;

-- Committees above the branches where the user is a member or secretary: their policies apply to the user.
create function private.my_branch_ancestor_ids() returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select distinct unnest(o.path)
    from public.orgs o
   where o.kind = 'branch'
     and (o.id in (select private.my_member_branch_ids())
          or o.id in (select private.role_subtree_ids(array['secretary'])))
$$;

-- Branches whose server-computed figures the caller may read (SPEC §5.1). p_what: 'completeness' or 'funding'.
create function private.visible_branch_ids(p_what text) returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select o.id from public.orgs o
   where o.kind = 'branch'
     and (auth.role() = 'service_role'
          or o.id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
          or (p_what = 'completeness' and o.id in (select private.my_member_branch_ids())))
$$;

-- Is the user a secretary of this branch?
create function private.is_secretary_of(p_branch_id uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.org_roles r
     where r.user_id = auth.uid() and r.org_id = p_branch_id and r.role = 'secretary' and r.deleted_at is null)
$$;

-- RLS. Clients never DELETE (SPEC §4): deleting is an update of deleted_at.
alter table public.orgs enable row level security;
alter table public.org_roles enable row level security;
revoke all on public.orgs, public.org_roles from anon;
revoke delete, truncate on public.orgs, public.org_roles from authenticated;
revoke insert, update on public.org_roles from authenticated;

-- Also rows whose *parent* is in the caller's subtree: sync_push inserts with RETURNING, which applies this policy
-- to the new row, and the subtree helper reads orgs as they were before the statement, so it cannot list a group
-- being inserted (decisions §14). A row whose parent is in the subtree is in the subtree: no committed row that was
-- hidden is shown.
create policy orgs_select on public.orgs for select to authenticated
  using (id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
         or parent_id in (select private.role_subtree_ids(array['secretary', 'reviewer', 'finance']))
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
