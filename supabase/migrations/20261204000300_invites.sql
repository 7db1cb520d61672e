-- Invitations (issue 14 item 3): a secretary invites members of the branch (each invite names the roster row the
-- account is linked to), a reviewer invites secretaries of the branches and reviewers and finance of the
-- committees in its subtree. An invite is a random single-use code, valid 7 days, shown as a link and a QR; the
-- invitee signs up and claims it. Only the code's SHA-256 is kept; the inviter sees and revokes its invites.

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
  constraint invites_member_names_person check ((role = 'member') = (person_id is not null))
);
comment on table public.invites is 'Single-use invitation codes (hash only): who is invited where, as what, until when.';
create index invites_org_idx on public.invites (org_id);
create index invites_created_by_idx on public.invites (created_by);

alter table public.invites enable row level security;
revoke all on public.invites from anon;
revoke insert, update, delete, truncate on public.invites from authenticated;
-- the inviter, and the reviewers above the organisation, see its invites (never the code: only its hash is kept)
create policy invites_select on public.invites for select to authenticated
  using (created_by = auth.uid() or org_id in (select private.role_subtree_ids(array['reviewer'])));

-- May the caller invite `role` to `org`? Members: secretaries of the branch; everyone else: reviewers above it.
create function private.may_invite(p_org uuid, p_role text) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case when p_role = 'member' then private.is_secretary_of(p_org)
              else p_org in (select private.role_subtree_ids(array['reviewer'])) end
$$;
revoke execute on function private.may_invite(uuid, text) from public, anon, authenticated;

create function private.invite_fail(p_hint text, p_message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'invite: %', p_message using errcode = 'P0001', hint = p_hint;
end
$$;
revoke execute on function private.invite_fail(text, text) from public, anon, authenticated;

-- A new invite; the code is returned once, here. Refused: invite_not_allowed (42501), invite_person_not_in_branch,
-- invite_person_has_account, and the placement rules of org_roles (a secretary on a branch, the others on a committee).
create function public.create_invite(p_org uuid, p_role text, p_person uuid default null)
returns table (id uuid, code text, expires_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
revoke execute on function public.create_invite(uuid, text, uuid) from public, anon;
grant execute on function public.create_invite(uuid, text, uuid) to authenticated;

-- The signed-in invitee claims a code: a member invite links the roster row to the account, the others grant the
-- role. Refused with a hint: invite_invalid, invite_used, invite_expired, invite_revoked, invite_person_has_account.
create function public.claim_invite(p_code text)
returns table (role text, org_id uuid, org_name text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_row public.invites;
begin
  if v_user is null then
    raise exception 'invite: sign in first' using errcode = '42501', hint = 'not_signed_in';
  end if;
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
revoke execute on function public.claim_invite(text) from public, anon;
grant execute on function public.claim_invite(text) to authenticated;

-- The inviter or a reviewer above the organisation withdraws an unused invite; true when it was withdrawn now.
create function public.revoke_invite(p_id uuid) returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update public.invites i set revoked_at = pg_catalog.now()
   where i.id = p_id and i.used_at is null and i.revoked_at is null
     and (i.created_by = auth.uid() or i.org_id in (select private.role_subtree_ids(array['reviewer'])));
  return found;
end
$$;
revoke execute on function public.revoke_invite(uuid) from public, anon;
grant execute on function public.revoke_invite(uuid) to authenticated;
