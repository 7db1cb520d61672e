-- 投诉建议 (issue 14 item 6; the 2026 rules for staff-facing apps ask for a complaints and suggestions channel):
-- the text goes to the root committee of the sender's organisation, whose reviewers read it. Nothing else is kept:
-- no user id, no device, no address; a contact is kept only when the sender writes one.

create table public.feedback (
  id uuid primary key default gen_random_uuid(),
  root_id uuid not null references public.orgs (id),
  body text not null check (length(btrim(body)) between 1 and 1000),
  contact text check (contact is null or length(contact) <= 100),
  created_at timestamptz not null default now()
);
comment on table public.feedback is '投诉建议 for a root committee: the text and an optional contact, nothing about the sender.';
create index feedback_root_idx on public.feedback (root_id, created_at desc);

select private.protect_table('public.feedback', p_writable => false);
create policy feedback_select on public.feedback for select to authenticated
  using (root_id in (select private.role_subtree_ids(array['reviewer'])));

-- Stores one message for the sender's root committee (their roles first, then their roster entry); refused with a
-- hint: feedback_empty, feedback_too_long, feedback_no_org (a signed-in user with no organisation).
create function public.send_feedback(p_body text, p_contact text default null) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_body text := pg_catalog.btrim(coalesce(p_body, ''));
  v_contact text := nullif(pg_catalog.btrim(coalesce(p_contact, '')), '');
  v_root uuid;
  v_id uuid;
begin
  perform private.signed_in_user('feedback');
  if v_body = '' then
    raise exception 'feedback: the message is empty' using errcode = '22023', hint = 'feedback_empty';
  elsif pg_catalog.length(v_body) > 1000 or pg_catalog.length(coalesce(v_contact, '')) > 100 then
    raise exception 'feedback: the message is too long' using errcode = '22023', hint = 'feedback_too_long';
  end if;
  select coalesce(
           (select r.root_id from public.org_roles r where r.user_id = auth.uid() and r.deleted_at is null
             order by r.role limit 1),
           (select p.root_id from public.people p where p.user_id = auth.uid() and p.deleted_at is null limit 1))
    into v_root;
  if v_root is null then
    raise exception 'feedback: no organisation to send it to' using errcode = 'P0001', hint = 'feedback_no_org';
  end if;
  insert into public.feedback (root_id, body, contact) values (v_root, v_body, v_contact) returning id into v_id;
  return v_id;
end
$$;
revoke execute on function public.send_feedback(text, text) from public, anon;
grant execute on function public.send_feedback(text, text) to authenticated;
