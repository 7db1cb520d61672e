-- Cadence (SPEC §3.1): how often a committee's subtree must hold each kind. The same rules on the phones:
-- src/domain/cadence.ts (DEFAULT_CADENCE, cadenceFor). For a branch, the nearest committee above it with a live policy
-- for the kind wins, else the default; both are applied in private.completeness_rows (20261201001100_completeness.sql,
-- its `defaults` and `inherited`). min_count 0 switches a kind off.

create table public.cadence_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  kind text not null check (kind in ('assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review')),
  per text not null check (per in ('month', 'quarter', 'year')),
  min_count int not null check (min_count between 0 and 31),
  like private.sync_columns including defaults
);
comment on table public.cadence_policies is 'How often a kind must be held in a committee''s subtree; min_count 0 switches it off.';
create unique index cadence_policies_live_key on public.cadence_policies (org_id, kind) where deleted_at is null;

-- Policies are set on a committee (cadence here, funding in 20261201001000_funding.sql).
create trigger t10_place before insert or update on public.cadence_policies
  for each row execute function private.place_on_org('org_id', 'committee', 'policies are set on a committee');

-- Reviewers see and set the cadence of their subtree; a branch's people read the cadence that applies to it.
select private.protect_table('public.cadence_policies', p_readers => array['reviewer'],
                             p_writers => array['reviewer'],
                             p_or_readable => 'org_id in (select private.my_branch_ancestor_ids())',
                             p_column => 'org_id', p_on_committees => true);
