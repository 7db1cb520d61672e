-- First run on an empty project (issue 14, docs/deploy.md): whoever holds the service role (the Supabase
-- dashboard's SQL editor, or `npm run backend -- --empty` locally) makes a one-time set-up token; the first
-- reviewer signs up in the app, and claiming the token creates the root committee with them as its reviewer.
-- No service key in the app: the token is the only secret, single-use, expiring, kept as a hash.

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
language sql
immutable
set search_path = ''
as $$ select pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_token, 'UTF8')), 'hex') $$;
revoke execute on function private.token_hash(text) from public, anon, authenticated;

-- A fresh token, valid for p_valid (24 hours by default); 244 random bits from two version-4 uuids.
create function public.create_setup_token(p_valid interval default interval '24 hours') returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_name text := pg_catalog.btrim(coalesce(p_name, ''));
  v_row private.setup_tokens;
  v_org uuid;
begin
  if v_user is null then
    raise exception 'setup: sign in first' using errcode = '42501', hint = 'not_signed_in';
  end if;
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
