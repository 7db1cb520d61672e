// The database's security, read from the catalog of the migrated schema (issue 15 item 7): every table and view
// of the exposed schemas with its RLS, every policy, every grant to anon / authenticated / PUBLIC, every SECURITY
// DEFINER function with its search_path, and what anon may call. `failures` lists what breaks our rules:
//   * a table of `public` or `private` without row-level security;
//   * a SECURITY DEFINER function without `set search_path = ''`;
//   * anything anon may execute (schema USAGE and EXECUTE) but ANON_FUNCTIONS, or any view anon may read.

export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

/** Functions anon must be able to call. None: sign-up is GoTrue's, and every claim needs a session. */
export const ANON_FUNCTIONS: readonly string[] = []

const SCHEMAS = ['public', 'private']

export interface AuditReport {
  tables: { name: string; kind: 'table' | 'view'; rls: boolean; policies: number }[]
  policies: { table: string; name: string; command: string; roles: string }[]
  grants: { grantee: string; object: string; privileges: string }[]
  definers: { name: string; searchPath: string | null }[]
  anonCallable: string[]
  failures: string[]
}

export async function auditDb(db: Queryable): Promise<AuditReport> {
  const tables = (await db.query<{ name: string; kind: string; rls: boolean; policies: number }>(`
    select n.nspname || '.' || c.relname as name, case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind,
           c.relrowsecurity as rls, (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind in ('r', 'p', 'v', 'm')
     order by 1`, [SCHEMAS])).rows as AuditReport['tables']
  const policies = (await db.query<AuditReport['policies'][number]>(`
    select schemaname || '.' || tablename as table, policyname as name, cmd as command, array_to_string(roles, ',') as roles
      from pg_policies where schemaname = any ($1) order by 1, 2`, [SCHEMAS])).rows
  const grants = (await db.query<AuditReport['grants'][number]>(`
    select grantee, table_schema || '.' || table_name as object, string_agg(privilege_type, ',' order by privilege_type) as privileges
      from information_schema.role_table_grants
     where grantee in ('anon', 'authenticated', 'PUBLIC') and table_schema = any ($1)
     group by 1, 2 order by 2, 1`, [SCHEMAS])).rows
  const definers = (await db.query<{ name: string; searchPath: string | null }>(`
    select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
           (select c from unnest(p.proconfig) c where c like 'search_path=%') as "searchPath"
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = any ($1) and p.prosecdef order by 1`, [SCHEMAS])).rows
  const anonCallable = (await db.query<{ name: string }>(`
    select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = any ($1) and has_schema_privilege('anon', n.oid, 'USAGE') and has_function_privilege('anon', p.oid, 'EXECUTE')
     order by 1`, [SCHEMAS])).rows.map((r) => r.name)
  const anonViews = (await db.query<{ name: string }>(`
    select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind in ('v', 'm') and has_schema_privilege('anon', n.oid, 'USAGE')
       and has_table_privilege('anon', c.oid, 'SELECT')`, [SCHEMAS])).rows.map((r) => r.name)

  const failures = [
    ...tables.filter((t) => t.kind === 'table' && !t.rls).map((t) => `table without row-level security: ${t.name}`),
    ...definers.filter((d) => d.searchPath !== 'search_path=""').map((d) => `SECURITY DEFINER without search_path = '': ${d.name} (${d.searchPath ?? 'none'})`),
    ...anonCallable.filter((f) => !ANON_FUNCTIONS.includes(f)).map((f) => `anon may execute ${f}`),
    ...anonViews.map((v) => `anon may read the view ${v}`),
  ]
  return { tables, policies, grants, definers, anonCallable, failures }
}

/** The report as printed tables. */
export function formatReport(r: AuditReport): string {
  const rows = (title: string, lines: string[]) => [`\n${title} (${lines.length})`, ...lines.map((l) => `  ${l}`)]
  return [
    ...rows('Tables and views', r.tables.map((t) => `${t.name.padEnd(34)} ${t.kind.padEnd(5)} rls=${t.rls ? 'on ' : 'off'} policies=${t.policies}`)),
    ...rows('Policies', r.policies.map((p) => `${p.table.padEnd(34)} ${p.command.padEnd(6)} ${p.roles.padEnd(16)} ${p.name}`)),
    ...rows('Grants to anon, authenticated, PUBLIC', r.grants.map((g) => `${g.object.padEnd(34)} ${g.grantee.padEnd(13)} ${g.privileges}`)),
    ...rows('SECURITY DEFINER functions', r.definers.map((d) => `${d.name}  ${d.searchPath ?? 'NO search_path'}`)),
    ...rows('Callable by anon', r.anonCallable),
    ...rows(r.failures.length ? 'FAILURES' : 'Failures: none', r.failures),
  ].join('\n')
}
