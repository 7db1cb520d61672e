-- Roles over time (issue 14 item 4): who granted a role and when, who revoked it and when (org_roles.deleted_at
-- is the revocation time), 换届 as an invitation that replaces the current holder when it is claimed, and the
-- reason a revoked user's pending writes are refused. Revoking changes the user's sync scope, so their next pull
-- is a full one and the device drops every row it no longer sees (docs/sync.md).

alter table public.org_roles
  add column granted_by uuid references auth.users (id) on delete set null,
  add column granted_at timestamptz not null default now(),
  add column holder_name text check (holder_name is null or pg_catalog.length(holder_name) between 1 and 40),
  add column revoked_by uuid references auth.users (id) on delete set null,
  add column invite_id uuid references public.invites (id);
comment on column public.org_roles.granted_by is 'Who granted the role (the inviter); null for the first reviewer from the set-up code.';
comment on column public.org_roles.holder_name is 'The holder''s name as the inviter typed it, shown in the role list.';
comment on column public.org_roles.revoked_by is 'Who revoked the role; deleted_at is when.';

alter table public.invites
  add column invitee_name text check (invitee_name is null or pg_catalog.length(invitee_name) between 1 and 40),
  add column replaces_role_id uuid references public.org_roles (id);
comment on column public.invites.replaces_role_id is '换届: the role this invite hands over; revoked when the invite is claimed.';

-- An invite for a secretary, reviewer or finance, optionally naming the invitee and the role it hands over.
-- Refused like create_invite, plus invite_name_too_long and invite_replaces_wrong (not a live role of that
-- organisation and kind).
create function public.invite_role(p_org uuid, p_role text, p_name text default null, p_replaces uuid default null)
returns table (id uuid, code text, expires_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_name text := nullif(pg_catalog.btrim(coalesce(p_name, '')), '');
  v_made record;
begin
  if p_role not in ('secretary', 'reviewer', 'finance') then
    perform private.invite_fail('invite_wrong_org', 'members are invited from the roster');
  end if;
  if pg_catalog.length(v_name) > 40 then
    perform private.invite_fail('invite_name_too_long', 'the name is at most 40 characters');
  end if;
  if p_replaces is not null and not exists (
       select 1 from public.org_roles r
        where r.id = p_replaces and r.org_id = p_org and r.role = p_role and r.deleted_at is null) then
    perform private.invite_fail('invite_replaces_wrong', 'the role to hand over is not held on this organisation');
  end if;
  select * into v_made from public.create_invite(p_org, p_role, null);
  update public.invites i set invitee_name = v_name, replaces_role_id = p_replaces where i.id = v_made.id;
  return query select v_made.id, v_made.code, v_made.expires_at;
end
$$;
revoke execute on function public.invite_role(uuid, text, text, uuid) from public, anon;
grant execute on function public.invite_role(uuid, text, text, uuid) to authenticated;

-- When an invite is claimed (claim_invite sets used_at): the granted role records its inviter and name, and the
-- role it hands over ends, revoked by the inviter.
create function private.invites_on_claim() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.role = 'member' then
    return null;
  end if;
  update public.org_roles r
     set granted_by = new.created_by, granted_at = new.used_at, holder_name = new.invitee_name, invite_id = new.id
   where r.user_id = new.used_by and r.org_id = new.org_id and r.role = new.role and r.deleted_at is null
     and r.invite_id is null and r.granted_at >= new.used_at;
  update public.org_roles r
     set deleted_at = new.used_at, revoked_by = new.created_by
   where r.id = new.replaces_role_id and r.deleted_at is null and r.user_id is distinct from new.used_by;
  return null;
end
$$;
create trigger t50_on_claim after update of used_at on public.invites
  for each row when (old.used_at is null and new.used_at is not null)
  execute function private.invites_on_claim();

-- What the role list calls a user: the name an inviter gave, else the roster name, else the e-mail address.
create function private.user_label(p_user uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
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
language plpgsql
stable
security definer
set search_path = ''
as $$
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
revoke execute on function public.org_role_list(uuid) from public, anon;
grant execute on function public.org_role_list(uuid) to authenticated;

-- A reviewer above the organisation revokes a role at once. Refused: role_not_found, role_already_revoked,
-- role_not_allowed (42501), role_self (a reviewer cannot revoke their own role, so a committee never loses its
-- last reviewer by accident). Returns the revocation time.
create function public.revoke_role(p_role_id uuid) returns timestamptz
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
revoke execute on function public.revoke_role(uuid) from public, anon;
grant execute on function public.revoke_role(uuid) to authenticated;

-- Why a write was refused, when it is because the caller lost a role: the organisation the row belongs to (from
-- the server's row, else the pushed one) lies under an org where the caller's role was revoked and no live role
-- of theirs covers it. Returns 'role revoked: <role> <yyyy-mm-dd> <org name>' (Asia/Shanghai date) or null.
create function private.sync_revoked_note(p_table text, p_row jsonb) returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
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
-- sync_push runs as the caller, so the caller may ask: it only ever tells them about their own roles
revoke execute on function private.sync_revoked_note(text, jsonb) from public, anon;
grant execute on function private.sync_revoked_note(text, jsonb) to authenticated;

-- Whether the caller (RLS applies: this runs as the invoker) can see a row. A write to a row that has left the
-- caller's view fails as an insert of a partial row (e.g. 23514 'a person belongs to a branch'), not as 42501.
create function private.sync_row_visible(p_table text, p_id uuid) returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  v_seen boolean;
begin
  execute pg_catalog.format('select exists (select 1 from public.%I x where x.id = $1)', p_table) into v_seen using p_id;
  return v_seen;
exception when others then
  return true; -- unknown table or bad id: not a question of visibility
end
$$;
revoke execute on function private.sync_row_visible(text, uuid) from public, anon;
grant execute on function private.sync_row_visible(text, uuid) to authenticated;

-- sync_push as in 20261123000900_sync.sql, except that a write refused because the caller's role was revoked
-- says so (code role_revoked, reason from sync_revoked_note): refused by RLS (42501), or refused by a constraint
-- (23xxx) on a row the caller can no longer see.
create or replace function public.sync_push(p_schema_version int, p_mutations jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_m jsonb;
  v_result jsonb;
  v_results jsonb := '[]';
  v_note text;
begin
  perform private.sync_validate(p_schema_version, p_mutations);
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
