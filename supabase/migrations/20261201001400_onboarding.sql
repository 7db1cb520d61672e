-- How people get in (issue 14, docs/deploy.md): the first reviewer from a one-time set-up code, everyone else by
-- invitation.
--
-- First run on an empty project: whoever holds the service role (the Supabase dashboard's SQL editor, or
-- `npm run backend -- --empty` locally) makes a one-time set-up token; the first reviewer signs up in the app, and
-- claiming the token creates the root committee with them as its reviewer. No service key in the app: the token is
-- the only secret, single-use, expiring, kept as a hash.
--
-- Invitations: a secretary invites members of the branch (each invite names the roster row the account is linked
-- to), a reviewer invites secretaries of the branches and reviewers and finance of the committees in its subtree,
-- and hands a role over (换届: the invite replaces the current holder when it is claimed). An invite is a random
-- single-use code, valid 7 days, shown as a link and a QR; the invitee signs up and claims it. Only the code's
-- SHA-256 is kept; the inviter sees and revokes its invites.

create table private.setup_tokens (
  token_hash text primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references auth.users (id) on delete set null,
  root_id uuid references public.orgs (id)
);
comment on table private.setup_tokens is 'One-time set-up tokens (sha-256 of the token): each creates one root committee and its first reviewer.';
alter table private.setup_tokens enable row level security;
revoke all on private.setup_tokens from public, anon, authenticated;

create function private.token_hash(p_token text) returns text
language sql immutable set search_path = '' as $$ select pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_token, 'UTF8')), 'hex') $$;
revoke execute on function private.token_hash(text) from public, anon, authenticated;

-- The caller's user id; without a session, a refusal in the asking area's words, e.g. 'setup: sign in first' (42501,
-- hint not_signed_in). Used by claim_setup and claim_invite here and send_feedback (20261201001500_feedback.sql).
create function private.signed_in_user(p_area text) returns uuid language plpgsql stable set search_path = '' as $$
begin
  if auth.uid() is null then
    raise exception '%: sign in first', p_area using errcode = '42501', hint = 'not_signed_in';
  end if;
  return auth.uid();
end
$$;
revoke execute on function private.signed_in_user(text) from public, anon, authenticated;

-- A fresh token, valid for p_valid (24 hours by default); 244 random bits from two version-4 uuids.
create function public.create_setup_token(p_valid interval default interval '24 hours') returns text
language plpgsql security definer set search_path = '' as $$
declare
  v_token text := pg_catalog.replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
begin
  insert into private.setup_tokens (token_hash, expires_at) values (private.token_hash(v_token), pg_catalog.now() + p_valid);
  return v_token;
end
$$;
comment on function public.create_setup_token(interval) is
  'Service role only: a one-time token that lets the first reviewer create a root committee (docs/deploy.md).';
revoke execute on function public.create_setup_token(interval) from public, anon, authenticated;
grant execute on function public.create_setup_token(interval) to service_role;

-- The signed-in caller claims a token: a root committee named p_name, with the caller as its reviewer.
-- Refusals carry a code in the hint (setup_token_invalid, setup_token_used, setup_token_expired, name_required,
-- name_too_long, not_signed_in) for the app to explain.
create function public.claim_setup(p_token text, p_name text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := private.signed_in_user('setup');
  v_name text := pg_catalog.btrim(coalesce(p_name, ''));
  v_row private.setup_tokens;
  v_org uuid;
begin
  if v_name = '' then
    raise exception 'setup: the committee needs a name' using errcode = '22023', hint = 'name_required';
  end if;
  if pg_catalog.length(v_name) > 100 then
    raise exception 'setup: the name is longer than 100 characters' using errcode = '22023', hint = 'name_too_long';
  end if;
  select * into v_row from private.setup_tokens
   where token_hash = private.token_hash(coalesce(p_token, '')) for update;
  if not found then
    raise exception 'setup: this set-up code is not valid' using errcode = 'P0001', hint = 'setup_token_invalid';
  elsif v_row.used_at is not null then
    raise exception 'setup: this set-up code has been used' using errcode = 'P0001', hint = 'setup_token_used';
  elsif v_row.expires_at <= pg_catalog.now() then
    raise exception 'setup: this set-up code has expired' using errcode = 'P0001', hint = 'setup_token_expired';
  end if;
  insert into public.orgs (kind, name) values ('committee', v_name) returning id into v_org;
  insert into public.org_roles (user_id, org_id, role) values (v_user, v_org, 'reviewer');
  update private.setup_tokens set used_at = pg_catalog.now(), used_by = v_user, root_id = v_org
   where token_hash = v_row.token_hash;
  return v_org;
end
$$;
comment on function public.claim_setup(text, text) is
  'Claims a set-up token: creates a root committee named p_name and makes the caller its reviewer.';
revoke execute on function public.claim_setup(text, text) from public, anon;
grant execute on function public.claim_setup(text, text) to authenticated;

-- Invitations -----------------------------------------------------------------------------------------

create table public.invites (
  id uuid primary key default gen_random_uuid(),
  code_hash text not null unique,
  org_id uuid not null references public.orgs (id),
  role text not null check (role in ('member', 'secretary', 'reviewer', 'finance')),
  person_id uuid references public.people (id),
  created_by uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  invitee_name text check (invitee_name is null or pg_catalog.length(invitee_name) between 1 and 40),
  replaces_role_id uuid references public.org_roles (id),
  constraint invites_member_names_person check ((role = 'member') = (person_id is not null))
);
comment on table public.invites is 'Single-use invitation codes (hash only): who is invited where, as what, until when.';
comment on column public.invites.replaces_role_id is '换届: the role this invite hands over; revoked when the invite is claimed.';
create index invites_org_idx on public.invites (org_id);
create index invites_created_by_idx on public.invites (created_by);

select private.protect_table('public.invites', p_writable => false);
-- the inviter, and the reviewers above the organisation, see its invites (never the code: only its hash is kept)
create policy invites_select on public.invites for select to authenticated
  using (created_by = auth.uid() or org_id in (select private.role_subtree_ids(array['reviewer'])));

alter table public.org_roles
  add constraint org_roles_invite_id_fkey foreign key (invite_id) references public.invites (id);

-- May the caller invite `role` to `org`? Members: secretaries of the branch; everyone else: reviewers above it.
create function private.may_invite(p_org uuid, p_role text) returns boolean
language sql stable security definer set search_path = '' as $$
  select case when p_role = 'member' then private.is_secretary_of(p_org)
              else p_org in (select private.role_subtree_ids(array['reviewer'])) end
$$;
revoke execute on function private.may_invite(uuid, text) from public, anon, authenticated;

create function private.invite_fail(p_hint text, p_message text) returns void language plpgsql set search_path = '' as $$
begin
  raise exception 'invite: %', p_message using errcode = 'P0001', hint = p_hint;
end
$$;
revoke execute on function private.invite_fail(text, text) from public, anon, authenticated;

-- A new invite; the code is returned once, here. Refused: invite_not_allowed (42501), invite_person_not_in_branch,
-- invite_person_has_account, and the placement rules of org_roles (a secretary on a branch, the others on a committee).
create function public.create_invite(p_org uuid, p_role text, p_person uuid default null)
returns table (id uuid, code text, expires_at timestamptz)
language plpgsql security definer set search_path = '' as $$
declare
  v_code text := pg_catalog.replace(gen_random_uuid()::text, '-', '');
  v_org public.orgs;
  v_person public.people;
  v_row public.invites;
begin
  select * into v_org from public.orgs o where o.id = p_org and o.deleted_at is null;
  if not found or auth.uid() is null or not private.may_invite(p_org, p_role) then
    raise exception 'invite: you may not invite % to this organisation', p_role using errcode = '42501', hint = 'invite_not_allowed';
  end if;
  if (p_role in ('member', 'secretary')) <> (v_org.kind = 'branch') or v_org.kind = 'group' then
    perform private.invite_fail('invite_wrong_org', pg_catalog.format('a %s is invited to a %s', p_role,
      case when p_role in ('member', 'secretary') then 'branch' else 'committee' end));
  end if;
  if p_role = 'member' then
    select * into v_person from public.people p where p.id = p_person and p.deleted_at is null;
    if not found or v_person.branch_id <> p_org then
      perform private.invite_fail('invite_person_not_in_branch', 'the person is not on this branch''s roster');
    elsif v_person.user_id is not null then
      perform private.invite_fail('invite_person_has_account', 'this person already has an account');
    end if;
  elsif p_person is not null then
    perform private.invite_fail('invite_wrong_org', 'only a member invite names a roster row');
  end if;
  insert into public.invites (code_hash, org_id, role, person_id, created_by, expires_at)
  values (private.token_hash(v_code), p_org, p_role, p_person, auth.uid(), pg_catalog.now() + interval '7 days')
  returning * into v_row;
  return query select v_row.id, v_code, v_row.expires_at;
end
$$;

-- The signed-in invitee claims a code: a member invite links the roster row to the account, the others grant the
-- role. Refused with a hint: invite_invalid, invite_used, invite_expired, invite_revoked, invite_person_has_account.
create function public.claim_invite(p_code text)
returns table (role text, org_id uuid, org_name text)
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := private.signed_in_user('invite');
  v_row public.invites;
begin
  select * into v_row from public.invites i where i.code_hash = private.token_hash(coalesce(pg_catalog.btrim(p_code), '')) for update;
  if not found then
    perform private.invite_fail('invite_invalid', 'this invitation code is not valid');
  elsif v_row.used_at is not null then
    perform private.invite_fail('invite_used', 'this invitation has been used');
  elsif v_row.revoked_at is not null then
    perform private.invite_fail('invite_revoked', 'this invitation has been withdrawn');
  elsif v_row.expires_at <= pg_catalog.now() then
    perform private.invite_fail('invite_expired', 'this invitation has expired');
  end if;
  if v_row.role = 'member' then
    update public.people p set user_id = v_user where p.id = v_row.person_id and p.user_id is null and p.deleted_at is null;
    if not found then
      perform private.invite_fail('invite_person_has_account', 'this roster entry already has an account');
    end if;
  elsif not exists (select 1 from public.org_roles r where r.user_id = v_user and r.org_id = v_row.org_id
                       and r.role = v_row.role and r.deleted_at is null) then
    insert into public.org_roles (user_id, org_id, role) values (v_user, v_row.org_id, v_row.role);
  end if;
  update public.invites i set used_at = pg_catalog.now(), used_by = v_user where i.id = v_row.id;
  return query select v_row.role, v_row.org_id, (select o.name from public.orgs o where o.id = v_row.org_id);
end
$$;

-- The inviter or a reviewer above the organisation withdraws an unused invite; true when it was withdrawn now.
create function public.revoke_invite(p_id uuid) returns boolean language plpgsql security definer set search_path = '' as $$
begin
  update public.invites i set revoked_at = pg_catalog.now()
   where i.id = p_id and i.used_at is null and i.revoked_at is null
     and (i.created_by = auth.uid() or i.org_id in (select private.role_subtree_ids(array['reviewer'])));
  return found;
end
$$;

-- An invite for a secretary, reviewer or finance, optionally naming the invitee and the role it hands over.
-- Refused like create_invite, plus invite_name_too_long and invite_replaces_wrong (not a live role of that
-- organisation and kind).
create function public.invite_role(p_org uuid, p_role text, p_name text default null, p_replaces uuid default null)
returns table (id uuid, code text, expires_at timestamptz)
language plpgsql security definer set search_path = '' as $$
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

-- The invitation RPCs: signed-in users only (each refuses what the caller may not do).
revoke execute on function public.create_invite(uuid, text, uuid), public.claim_invite(text), public.revoke_invite(uuid),
  public.invite_role(uuid, text, text, uuid) from public, anon;
grant execute on function public.create_invite(uuid, text, uuid), public.claim_invite(text), public.revoke_invite(uuid),
  public.invite_role(uuid, text, text, uuid) to authenticated;

-- When an invite is claimed (claim_invite sets used_at): the granted role records its inviter and name, and the
-- role it hands over ends, revoked by the inviter.
create function private.invites_on_claim() returns trigger language plpgsql security definer set search_path = '' as $$
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
