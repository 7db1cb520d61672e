// How PostgREST answers a read: media type negotiation, the JSON body built by Postgres itself (so numbers,
// timestamps and jsonb look exactly as on Supabase), counts in Content-Range, single-object responses.
import { pgrstError } from './errors'
import { type ApiRequest, type ApiResponse, JSON_TYPE, header } from './http'

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
