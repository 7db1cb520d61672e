// What PostgREST keeps in its schema cache, read from pg_catalog per request: the tables and views of the
// public schema with their columns, and the functions with their argument and result shapes.
import type { Transaction } from '@electric-sql/pglite'

export const API_SCHEMA = 'public'

export interface Column {
  name: string
  /** format_type() without typmod: safe to splice into SQL as a cast target. */
  type: string
}

export interface Relation {
  name: string
  columns: Column[]
}

export async function findRelation(tx: Transaction, name: string): Promise<Relation | undefined> {
  const { rows } = await tx.query<{ columns: Column[] }>(
    `select coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, null))
                              order by a.attnum) filter (where a.attnum is not null), '[]') as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'v', 'm', 'f', 'p')
      group by c.oid`,
    [API_SCHEMA, name],
  )
  return rows[0] ? { name, columns: rows[0].columns } : undefined
}

export interface FnArg {
  name: string | null
  type: string
  /** i in, o out, b inout, v variadic, t table column */
  mode: string
}

export interface FnInfo {
  name: string
  retset: boolean
  /** i immutable, s stable, v volatile */
  volatility: string
  isVoid: boolean
  /** result type's typtype: b base, c composite, d domain, p pseudo (record, void) … */
  typtype: string
  ndefaults: number
  args: FnArg[]
  /** columns of a composite result type (returns setof some_table) */
  relColumns: Column[]
}

export async function findFunctions(tx: Transaction, name: string): Promise<FnInfo[]> {
  const { rows } = await tx.query<Omit<FnInfo, 'name'>>(
    `select p.proretset as retset, p.provolatile as volatility, p.prorettype = 'void'::regtype as "isVoid",
            rt.typtype, p.pronargdefaults::int as ndefaults,
            coalesce((select json_agg(json_build_object('name', nullif(a.name, ''), 'type', format_type(a.typ, null),
                                                        'mode', a.mode) order by a.ord)
                        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                                    coalesce(p.proargmodes, array_fill('i'::"char", array[p.pronargs::int])),
                                    p.proargnames) with ordinality as a (typ, mode, name, ord)
                       where a.typ is not null), '[]') as args,
            coalesce((select json_agg(json_build_object('name', c.attname, 'type', format_type(c.atttypid, null))
                                      order by c.attnum)
                        from pg_attribute c
                       where c.attrelid = rt.typrelid and rt.typrelid <> 0 and c.attnum > 0 and not c.attisdropped),
                     '[]') as "relColumns"
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
    [API_SCHEMA, name],
  )
  return rows.map((row) => ({ ...row, name }))
}

export function inputArgs(fn: FnInfo): FnArg[] {
  return fn.args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v')
}

/** Result columns of a function returning rows; undefined when it returns a scalar (or void). */
export function resultColumns(fn: FnInfo): Column[] | undefined {
  const out = fn.args.filter((a) => a.mode === 'o' || a.mode === 'b' || a.mode === 't')
  if (out.length > 1 || fn.args.some((a) => a.mode === 't')) {
    return out.map((a) => ({ name: a.name ?? '', type: a.type }))
  }
  if (fn.typtype === 'c') return fn.relColumns
  return undefined
}

/** A quoted identifier; only ever called with names that were matched against pg_catalog. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
