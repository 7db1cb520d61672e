-- Who may change what in the organisation tree, and the roles held on it (issue 14 items 2 and 4, docs/decisions.md
-- §28–§29). Within the subtree of a committee where they hold the reviewer role, a reviewer creates committees,
-- branches and groups, renames them, moves them (inside that same subtree; never the committee of the role itself),
-- sets has_committee on a branch, and soft-deletes an org when it is empty, or restores it. A secretary renames or
-- deletes the branch's groups and sets has_committee on the branch. Every change leaves a row in public.org_changes,
-- written by a trigger. The app checks names and placement first: src/domain/orgAdmin.ts.
--
-- Rules for everyone (service_role included), enforced by triggers and an index:
--   * a name is trimmed (full-width spaces too), inner runs of spaces become one, 1–60 characters;
--   * live siblings have different names, compared without case and without any spaces;
--   * a live org has a live parent (create, move, restore);
--   * a group moves to another branch only when no live person or activity refers to it (they name its branch);
--   * a person joins (or is moved into) only a live branch and a live group (users; the service role may load history).
-- 'Empty' (what a reviewer may delete): no live child org, no live role granted on it, no person currently in
-- it (people.branch_id or group_id = it, deleted_at null, not transferred out before today in Asia/Shanghai).

-- ---------------------------------------------------------------------------------------------------------
-- Helpers (SECURITY DEFINER: they read rows the caller's RLS may hide, and lock rows it may not update)
-- ---------------------------------------------------------------------------------------------------------

-- How many people are in an org now: on its roster (branch_id or group_id), live, not transferred out before today.
-- Counted under the caller's RLS: 组织管理 asks it before a delete, since a reviewer's device does not mirror the
-- subtree's people (decisions §38); org_not_empty_reason (SECURITY DEFINER) counts every row with it.
create function public.org_people_count(p_org uuid) returns int language sql stable set search_path = '' as $$
  select pg_catalog.count(*)::int from public.people p
   where (p.branch_id = p_org or p.group_id = p_org) and p.deleted_at is null
     and (p.left_branch_on is null or p.left_branch_on > private.shanghai_today())
$$;
revoke execute on function public.org_people_count(uuid) from public, anon;
grant execute on function public.org_people_count(uuid) to authenticated, service_role;

-- Why an org is not empty, e.g. '2 live child organisations, 3 people', or null when it is empty.
create function private.org_not_empty_reason(p_org uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_children int;
  v_people int;
  v_roles int;
  v_parts text[] := array[]::text[];
begin
  select pg_catalog.count(*) into v_children from public.orgs o where o.parent_id = p_org and o.deleted_at is null;
  v_people := public.org_people_count(p_org);
  select pg_catalog.count(*) into v_roles from public.org_roles r where r.org_id = p_org and r.deleted_at is null;
  if v_children > 0 then v_parts := v_parts || pg_catalog.format('%s live child organisation(s)', v_children); end if;
  if v_people > 0 then v_parts := v_parts || pg_catalog.format('%s people', v_people); end if;
  if v_roles > 0 then v_parts := v_parts || pg_catalog.format('%s live role(s)', v_roles); end if;
  return nullif(pg_catalog.array_to_string(v_parts, ', '), '');
end;
$$;

-- The caller's live reviewer roles on this path (an org's path: the org and its ancestors).
create function private.my_reviewer_orgs_on(p_path uuid[]) returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(pg_catalog.array_agg(r.org_id), array[]::uuid[]) from public.org_roles r
   where r.user_id = auth.uid() and r.role = 'reviewer' and r.deleted_at is null and r.org_id = any (p_path)
$$;

-- Locks an org row against a concurrent delete (FOR SHARE waits for it) and tells whether it is live;
-- null when there is no such org.
create function private.org_lock_live(p_org uuid) returns boolean
language sql volatile security definer set search_path = '' as $$ select o.deleted_at is null from public.orgs o where o.id = p_org for share $$;

-- Does a live person or activity name this group (they would be left pointing at another branch's group)?
create function private.group_is_referenced(p_group uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.people p where p.group_id = p_group and p.deleted_at is null)
      or exists (select 1 from public.activities a where a.group_id = p_group and a.deleted_at is null)
$$;

-- A live sibling with the same name key, if the caller may see the parent's children (else RLS and the
-- unique index answer, without telling a stranger which names exist).
create function private.org_sibling_taken(p_parent uuid, p_id uuid, p_name text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.orgs o
     where o.parent_id = p_parent and o.id <> p_id and o.deleted_at is null
       and private.org_name_key(o.name) = private.org_name_key(p_name))
$$;

revoke execute on function private.org_not_empty_reason(uuid), private.my_reviewer_orgs_on(uuid[]),
  private.org_lock_live(uuid), private.group_is_referenced(uuid), private.org_sibling_taken(uuid, uuid, text)
  from public, anon;
grant execute on function private.org_not_empty_reason(uuid), private.my_reviewer_orgs_on(uuid[]),
  private.org_lock_live(uuid), private.group_is_referenced(uuid), private.org_sibling_taken(uuid, uuid, text)
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------------
-- Who may change what (t20_guard): secretaries their groups and has_committee, reviewers within their subtree
-- ---------------------------------------------------------------------------------------------------------
-- Runs as the caller (is_privileged reads current_user). RLS has already limited the rows to the caller's
-- subtrees; new.path is the place trigger's (t10) answer for the new parent.
create function private.orgs_guard() returns trigger language plpgsql set search_path = '' as $$
declare
  v_moved boolean := new.parent_id is distinct from old.parent_id;
  v_as_secretary boolean;
  v_reviewers uuid[];
begin
  if private.is_privileged() then
    return new;
  end if;
  -- what a secretary may do: rename or delete a group, set has_committee on the branch
  v_as_secretary := not v_moved
    and (old.kind <> 'branch' or (new.name is not distinct from old.name and new.deleted_at is not distinct from old.deleted_at));
  if v_as_secretary and old.id in (select private.role_subtree_ids(array['secretary'])) then
    return new;
  end if;
  v_reviewers := private.my_reviewer_orgs_on(old.path);
  if pg_catalog.cardinality(v_reviewers) = 0 then
    if v_moved then
      raise exception 'only the committee office can move an organisation' using errcode = '42501';
    end if;
    raise exception 'a secretary can only change whether the branch has a committee' using errcode = '42501';
  end if;

  -- a reviewer
  if old.deleted_at is not null and new.deleted_at is not null
     and (v_moved or new.name is distinct from old.name or new.has_committee is distinct from old.has_committee) then
    raise exception 'a deleted organisation cannot be changed: restore it first' using errcode = '55000', hint = 'org_deleted';
  end if;
  if v_moved then
    if new.parent_id is null then
      raise exception 'only the committee office can make a top-level committee' using errcode = '42501', hint = 'org_move_not_allowed';
    end if;
    -- one role's subtree holds both the org (strictly below the role's committee) and the new parent
    if not exists (select 1 from pg_catalog.unnest(v_reviewers) r (org_id)
                    where r.org_id <> old.id and r.org_id = any (new.path[1:pg_catalog.cardinality(new.path) - 1])) then
      if old.id = any (v_reviewers) then
        raise exception 'the committee you review cannot be moved by you' using errcode = '42501', hint = 'org_move_own_committee';
      end if;
      raise exception 'an organisation can only move within your subtree' using errcode = '42501', hint = 'org_move_outside';
    end if;
  end if;
  if old.deleted_at is null and new.deleted_at is not null then
    declare
      v_why text := private.org_not_empty_reason(old.id);
    begin
      if v_why is not null then
        raise exception 'only an empty organisation can be deleted; this one has %', v_why
          using errcode = '2BP01', hint = 'org_not_empty';
      end if;
    end;
  end if;
  return new;
end;
$$;

create trigger t20_guard before update on public.orgs
  for each row execute function private.orgs_guard();

-- ---------------------------------------------------------------------------------------------------------
-- Rules for everyone: t10_place (20261201000100_orgs.sql) cleans the name and places the org; t25 checks name,
-- parent, siblings and groups after the guard (t20), so that a caller who may not make the change hears that first
-- ---------------------------------------------------------------------------------------------------------
create function private.orgs_rules() returns trigger language plpgsql set search_path = '' as $$
declare
  v_moved boolean := tg_op = 'UPDATE' and new.parent_id is distinct from old.parent_id;
  v_comes_alive boolean := new.deleted_at is null and (tg_op = 'INSERT' or old.deleted_at is not null);
  v_renamed boolean := tg_op = 'INSERT' or new.name is distinct from old.name;
begin
  if v_renamed and coalesce(pg_catalog.char_length(new.name), 0) = 0 then
    raise exception 'an organisation needs a name' using errcode = '23514', hint = 'org_name_empty';
  elsif v_renamed and pg_catalog.char_length(new.name) > 60 then
    raise exception 'an organisation''s name is at most 60 characters' using errcode = '23514', hint = 'org_name_too_long';
  end if;
  if new.parent_id is not null and new.deleted_at is null and (v_moved or v_comes_alive) then
    if not coalesce(private.org_lock_live(new.parent_id), true) then
      raise exception 'the parent organisation has been deleted: restore it first' using errcode = '23514', hint = 'org_parent_deleted';
    end if;
  end if;
  if v_moved and new.kind = 'group' and private.group_is_referenced(new.id) then
    raise exception 'a group moves to another branch only without people or activities: move its members out first'
      using errcode = '23514', hint = 'org_group_in_use';
  end if;
  if new.parent_id is not null and new.deleted_at is null and (v_moved or v_comes_alive or v_renamed)
     and (private.is_privileged()
          or new.parent_id in (select private.role_subtree_ids(array['secretary', 'reviewer'])))
     and private.org_sibling_taken(new.parent_id, new.id, new.name) then
    raise exception 'another organisation under the same parent is already called %', new.name
      using errcode = '23505', hint = 'org_name_taken';
  end if;
  return new;
end;
$$;
create trigger t25_rules before insert or update on public.orgs
  for each row execute function private.orgs_rules();

-- A user places a person only in a live branch and group; the lock makes a concurrent delete of that org wait for
-- this row (or this row wait for the delete, and then see it).
create function private.people_live_org() returns trigger language plpgsql set search_path = '' as $$
begin
  -- the committee office (service role, migrations, archives loaded by the owner) may record history as it was,
  -- e.g. a member of a group that was dissolved later (tests/fixtures/golden/completeness-groups.json)
  if private.is_privileged() then
    return new;
  end if;
  if new.deleted_at is null
     and (tg_op = 'INSERT' or old.deleted_at is not null or new.branch_id is distinct from old.branch_id
          or new.group_id is distinct from old.group_id) then
    if not coalesce(private.org_lock_live(new.branch_id), true)
       or (new.group_id is not null and not coalesce(private.org_lock_live(new.group_id), true)) then
      raise exception 'that branch or group has been deleted' using errcode = '23514', hint = 'org_deleted';
    end if;
  end if;
  return new;
end;
$$;
create trigger t12_live_org before insert or update on public.people
  for each row execute function private.people_live_org();

-- ---------------------------------------------------------------------------------------------------------
-- The audit: one row per change, written by the trigger only
-- ---------------------------------------------------------------------------------------------------------
create table public.org_changes (
  id bigint generated always as identity primary key,
  org_id uuid not null, -- no foreign key: the history outlives a purge of the org by the service role
  root_id uuid not null,
  actor uuid,
  actor_role text not null,
  at timestamptz not null default now(),
  action text not null check (action in ('create', 'rename', 'move', 'set_committee', 'delete', 'restore')),
  before jsonb,
  after jsonb not null
);
comment on table public.org_changes is 'Who changed which organisation how and when (issue 14): written by a trigger on orgs, never by clients.';
comment on column public.org_changes.actor is 'auth.uid() of the writer; null for the service role or the database itself.';
comment on column public.org_changes.before is 'The changed fields before (null for create); a move also keeps the old path.';
create index org_changes_org_idx on public.org_changes (org_id, id desc);
create index org_changes_moves_idx on public.org_changes (root_id, id) where action = 'move';

create function private.orgs_audit() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_actor uuid := auth.uid();
  v_role text := coalesce(auth.role(), 'database');
begin
  if tg_op = 'INSERT' then
    insert into public.org_changes (org_id, root_id, actor, actor_role, action, before, after)
    values (new.id, new.root_id, v_actor, v_role, 'create', null,
            pg_catalog.jsonb_build_object('parent_id', new.parent_id, 'kind', new.kind, 'name', new.name,
              'has_committee', new.has_committee, 'deleted_at', new.deleted_at, 'path', pg_catalog.to_jsonb(new.path)));
    return null;
  end if;
  -- a child re-pathed by its parent's move (t95_repath) changed nothing of its own
  if new.name is distinct from old.name then
    insert into public.org_changes (org_id, root_id, actor, actor_role, action, before, after)
    values (new.id, new.root_id, v_actor, v_role, 'rename',
            pg_catalog.jsonb_build_object('name', old.name), pg_catalog.jsonb_build_object('name', new.name));
  end if;
  if new.parent_id is distinct from old.parent_id then
    insert into public.org_changes (org_id, root_id, actor, actor_role, action, before, after)
    values (new.id, new.root_id, v_actor, v_role, 'move',
            pg_catalog.jsonb_build_object('parent_id', old.parent_id, 'path', pg_catalog.to_jsonb(old.path)),
            pg_catalog.jsonb_build_object('parent_id', new.parent_id, 'path', pg_catalog.to_jsonb(new.path)));
  end if;
  if new.has_committee is distinct from old.has_committee then
    insert into public.org_changes (org_id, root_id, actor, actor_role, action, before, after)
    values (new.id, new.root_id, v_actor, v_role, 'set_committee',
            pg_catalog.jsonb_build_object('has_committee', old.has_committee),
            pg_catalog.jsonb_build_object('has_committee', new.has_committee));
  end if;
  if (new.deleted_at is null) is distinct from (old.deleted_at is null) then
    insert into public.org_changes (org_id, root_id, actor, actor_role, action, before, after)
    values (new.id, new.root_id, v_actor, v_role, case when new.deleted_at is null then 'restore' else 'delete' end,
            pg_catalog.jsonb_build_object('deleted_at', old.deleted_at),
            pg_catalog.jsonb_build_object('deleted_at', new.deleted_at));
  end if;
  return null;
end;
$$;
create trigger t97_audit after insert or update on public.orgs
  for each row execute function private.orgs_audit();

alter table public.org_changes enable row level security;
revoke all on public.org_changes from anon, authenticated, service_role;
grant select on public.org_changes to authenticated, service_role;
-- reviewers of the subtree; a secretary for the branch and its groups
create policy org_changes_select on public.org_changes for select to authenticated
  using (org_id in (select private.role_subtree_ids(array['reviewer', 'secretary'])));

-- The history of one organisation for the detail screen, newest first, with a readable name for the actor
-- (the roster name of the account, else its e-mail). Refused (42501) unless the caller could read the rows
-- (the service role reads all).
create function public.org_change_list(p_org uuid, p_limit int default 100)
returns table (id bigint, action text, at timestamptz, actor text, is_me boolean, before jsonb, after jsonb)
language plpgsql stable security definer set search_path = '' as $$
begin
  -- auth.role(), not is_privileged(): inside a SECURITY DEFINER function current_user is the owner
  if p_org is null or (auth.role() is distinct from 'service_role'
                       and p_org not in (select private.role_subtree_ids(array['reviewer', 'secretary']))) then
    raise exception 'org changes: not visible to you' using errcode = '42501', hint = 'org_changes_not_allowed';
  end if;
  return query
    select c.id, c.action, c.at,
           coalesce((select p.name from public.people p where p.user_id = c.actor and p.deleted_at is null
                      order by p.updated_at desc limit 1),
                    (select u.email::text from auth.users u where u.id = c.actor)),
           c.actor is not distinct from auth.uid(), c.before, c.after
      from public.org_changes c
     where c.org_id = p_org
     order by c.id desc
     limit least(greatest(coalesce(p_limit, 100), 1), 500);
end;
$$;
revoke execute on function public.org_change_list(uuid, int) from public, anon;
grant execute on function public.org_change_list(uuid, int) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------------
-- Roles over time: who granted a role and when, who revoked it and when (org_roles.deleted_at is the revocation
-- time). Granting is by invitation (20261201001400_onboarding.sql); revoking changes the user's sync scope, so their
-- next pull is a full one and the device drops every row it no longer sees (docs/sync.md).
-- ---------------------------------------------------------------------------------------------------------

-- What the role list calls a user: the name an inviter gave, else the roster name, else the e-mail address.
create function private.user_label(p_user uuid) returns text language sql stable security definer set search_path = '' as $$
  select coalesce(
    (select r.holder_name from public.org_roles r where r.user_id = p_user and r.holder_name is not null
      order by r.granted_at desc limit 1),
    (select p.name from public.people p where p.user_id = p_user and p.deleted_at is null order by p.updated_at desc limit 1),
    (select u.email::text from auth.users u where u.id = p_user))
$$;
revoke execute on function private.user_label(uuid) from public, anon, authenticated;

-- Every role held on an organisation, current and past, for the reviewers above it: who, since when, granted by
-- whom, and for ended roles when and by whom they were revoked. Newest first within current, then past.
create function public.org_role_list(p_org uuid)
returns table (id uuid, role text, holder text, email text, granted_at timestamptz, granted_by text,
               revoked_at timestamptz, revoked_by text, is_me boolean)
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_org not in (select private.role_subtree_ids(array['reviewer'])) then
    raise exception 'roles: only the reviewers above an organisation see its roles' using errcode = '42501', hint = 'role_not_allowed';
  end if;
  return query
    select r.id, r.role, coalesce(r.holder_name, private.user_label(r.user_id)), u.email::text, r.granted_at,
           private.user_label(r.granted_by), r.deleted_at, private.user_label(r.revoked_by), r.user_id = auth.uid()
      from public.org_roles r
      left join auth.users u on u.id = r.user_id
     where r.org_id = p_org
     order by r.deleted_at is not null, coalesce(r.deleted_at, r.granted_at) desc;
end
$$;

-- A reviewer above the organisation revokes a role at once. Refused: role_not_found, role_already_revoked,
-- role_not_allowed (42501), role_self (a reviewer cannot revoke their own role, so a committee never loses its
-- last reviewer by accident). Returns the revocation time.
create function public.revoke_role(p_role_id uuid) returns timestamptz
language plpgsql security definer set search_path = '' as $$
declare
  v_role public.org_roles;
  v_now timestamptz := pg_catalog.now();
begin
  select * into v_role from public.org_roles r where r.id = p_role_id for update;
  if not found or v_role.org_id not in (select private.role_subtree_ids(array['reviewer'])) then
    raise exception 'roles: you may not revoke this role' using errcode = '42501', hint = 'role_not_allowed';
  elsif v_role.deleted_at is not null then
    raise exception 'roles: this role has already been revoked' using errcode = 'P0001', hint = 'role_already_revoked';
  elsif v_role.user_id = auth.uid() then
    raise exception 'roles: ask another reviewer to revoke your own role' using errcode = 'P0001', hint = 'role_self';
  end if;
  update public.org_roles r set deleted_at = v_now, revoked_by = auth.uid() where r.id = p_role_id;
  return v_now;
end
$$;

-- The role list and revoking: signed-in users only (each refuses those who are not reviewers above the organisation).
revoke execute on function public.org_role_list(uuid), public.revoke_role(uuid) from public, anon;
grant execute on function public.org_role_list(uuid), public.revoke_role(uuid) to authenticated;
