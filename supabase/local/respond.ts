// How PostgREST answers a read: media type negotiation, the JSON body built by Postgres itself (so numbers,
// timestamps and jsonb look exactly as on Supabase), counts in Content-Range, single-object responses.
import type { PGlite } from '@electric-sql/pglite'
import { pgrstError } from './errors'
import { type ApiRequest, type ApiResponse, JSON_TYPE, header } from './http'
import type { RequestContext } from './tx'

/** A read as the router hands it on (a table or view, a function): the request in its role, what it names, and the
 * max_rows cap (null: none). */
export interface RestCall {
  db: PGlite
  req: ApiRequest
  ctx: RequestContext
  name: string
  maxRows: number | null
}

export interface Negotiated {
  single: boolean
  stripNulls: boolean
  count: boolean
}

const OBJECT = 'application/vnd.pgrst.object+json'
const ARRAY = 'application/vnd.pgrst.array+json'

export function negotiate(req: ApiRequest): Negotiated {
  const accept = header(req, 'accept') ?? '*/*'
  const types = accept.split(',').map((t) => t.trim().toLowerCase())
  const single = types.some((t) => t.startsWith(OBJECT))
  const usable = types.some((t) => /^(\*\/\*|application\/\*|application\/json|application\/vnd\.pgrst\.(object|array)\+json)(;|$)/.test(t))
  if (!usable) {
    throw pgrstError(406, 'PGRST107', `None of these media types are available: ${accept}`)
  }
  const stripNulls = types.some((t) => (t.startsWith(OBJECT) || t.startsWith(ARRAY)) && /nulls=stripped/.test(t))
  const prefer = header(req, 'prefer') ?? ''
  return { single, stripNulls, count: /(^|[,\s])count=(exact|planned|estimated)/.test(prefer) }
}

/** Aggregates the rows of `inner` (aliased _t) into the response body; `scalar` names a single column to unwrap. */
export function rowsSql(inner: string, stripNulls: boolean, scalar?: string): string {
  const value = scalar ? `_t.${scalar}` : '_t'
  const all = `coalesce(json_agg(${value}), '[]')`
  const first = `(json_agg(${value}) -> 0)`
  return `select ${stripNulls ? `json_strip_nulls(${all})` : all}::text as body, count(*)::int as n,
                 ${stripNulls ? `json_strip_nulls(${first})` : first}::text as first
            from (${inner}) _t`
}

export interface RowsResult {
  body: string
  n: number
  first: string | null
  /** All rows the filters match, ignoring limit, offset and max_rows (only when a count was asked for). */
  total?: number | null
}

/**
 * PostgREST's `max_rows` (db-max-rows): every page of a read or of a set-returning function is cut to at most
 * that many rows — the effective limit is min(requested limit, max_rows), the offset is kept. `null`: no cap.
 */
export function cappedLimit(requested: number | undefined, maxRows: number | null): number | undefined {
  if (maxRows === null) return requested
  return requested === undefined ? maxRows : Math.min(requested, maxRows)
}

export interface PagedRead {
  /** `from … where …`, the rows to page through under `alias`. */
  from: string
  alias: string
  select: string
  orderBy: string
  /** Already capped by max_rows. */
  limit?: number
  offset: number
}

/**
 * One statement for a page of rows and, when `count`, the number of all matching rows: the matching rows are
 * a CTE that the page and the count both read (as PostgREST's pgrst_source), so a volatile function runs once.
 */
export function pagedRowsSql(read: PagedRead, count: boolean, stripNulls: boolean, scalar?: string): string {
  const tail = `${read.orderBy ? ` order by ${read.orderBy}` : ''}${read.limit !== undefined ? ` limit ${read.limit}` : ''}${
    read.offset ? ` offset ${read.offset}` : ''
  }`
  if (!count) return rowsSql(`select ${read.select} ${read.from}${tail}`, stripNulls, scalar)
  const page = rowsSql(`select ${read.select} from pgrst_source ${read.alias}${tail}`, stripNulls, scalar)
  return `with pgrst_source as materialized (select ${read.alias}.* ${read.from})
          select _page.*, (select count(*)::int from pgrst_source) as total from (${page}) _page`
}

export function rowsResponse(result: RowsResult, want: Negotiated, offset: number, total?: number): ApiResponse {
  if (want.single) {
    if (result.n !== 1) {
      throw pgrstError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${result.n} rows`)
    }
    return {
      status: 200,
      headers: { 'Content-Type': `${OBJECT}; charset=utf-8`, 'Content-Range': `0-0/${total ?? '*'}` },
      body: result.first ?? 'null',
    }
  }
  if (total !== undefined && offset > total) {
    throw pgrstError(416, 'PGRST103', 'Requested range not satisfiable', `An offset of ${offset} was requested, but there are only ${total} rows.`)
  }
  const range = result.n === 0 ? '*' : `${offset}-${offset + result.n - 1}`
  return {
    status: total !== undefined && result.n < total ? 206 : 200,
    headers: { 'Content-Type': JSON_TYPE, 'Content-Range': `${range}/${total ?? '*'}` },
    body: result.body,
  }
}
