// PostgREST function calls: POST /rest/v1/rpc/<fn> with named arguments in a JSON object, and GET for
// stable functions with the arguments in the query string. Arguments reach the function through
// json_to_record, so Postgres casts them from JSON to the declared types exactly as PostgREST does.
import { API_SCHEMA, type FnArg, type FnInfo, findFunctions, ident, inputArgs, resultColumns } from './catalog'
import { pgrstError } from './errors'
import { type ApiResponse, JSON_TYPE } from './http'
import { Params, planRead } from './query'
import { type RestCall, type RowsResult, cappedLimit, negotiate, pagedRowsSql, rowsResponse } from './respond'
import { inRequestTx } from './tx'

export async function callFunction({ db, req, ctx, name, maxRows }: RestCall): Promise<ApiResponse> {
  const want = negotiate(req)
  const viaQuery = req.method === 'GET' || req.method === 'HEAD'
  const body = viaQuery ? undefined : parseArgs(req.body)
  return inRequestTx(db, ctx, async (tx) => {
    const candidates = await findFunctions(tx, name)
    const keys = body ? Object.keys(body.value) : [...new Set(req.query.keys())]
    const { fn, used } = pickFunction(name, candidates, keys, viaQuery)

    const params = new Params()
    const json = body ? body.raw : JSON.stringify(Object.fromEntries(used.map((a) => [a.name, req.query.get(a.name!)])))
    const { source, call } = callSql(name, used, json, params)

    if (fn.isVoid) {
      await tx.query(`select ${call} from ${source}`, params.values)
      return { status: 204 }
    }
    const columns = resultColumns(fn)
    if (!columns) {
      const from = `from ${source} cross join lateral ${call} as pgrst_call(pgrst_scalar)`
      if (!fn.retset) {
        const { rows } = await tx.query<{ body: string }>(`select to_json(pgrst_call.pgrst_scalar)::text as body ${from}`, params.values)
        return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: rows[0]?.body ?? 'null' }
      }
      const plan = planRead(new URLSearchParams(onlyPaging(req.query)), { name, columns: [] }, 'pgrst_call', params)
      const sql = pagedRowsSql(
        { from, alias: 'pgrst_call', select: 'pgrst_call.pgrst_scalar', orderBy: '', limit: cappedLimit(plan.limit, maxRows), offset: plan.offset },
        want.count,
        want.stripNulls,
        'pgrst_scalar',
      )
      const result = (await tx.query<RowsResult>(sql, params.values)).rows[0]!
      return rowsResponse(result, want, plan.offset, result.total ?? undefined)
    }

    const skip = new Set(viaQuery ? used.map((a) => a.name!) : [])
    const plan = planRead(req.query, { name, columns }, 'pgrst_call', params, skip)
    const read = {
      from: `from ${source} cross join lateral ${call} pgrst_call where ${plan.where}`,
      alias: 'pgrst_call',
      select: plan.select,
      orderBy: plan.orderBy,
      // max_rows caps set-returning functions only; a function returning one row is never cut.
      limit: fn.retset ? cappedLimit(plan.limit, maxRows) : plan.limit,
      offset: plan.offset,
    }
    const count = want.count && fn.retset
    const result = (await tx.query<RowsResult>(pagedRowsSql(read, count, want.stripNulls), params.values)).rows[0]!
    if (!fn.retset) return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: result.first ?? 'null' }
    return rowsResponse(result, want, plan.offset, result.total ?? undefined)
  })
}

/** FROM items that pass the named arguments, cast by json_to_record to the declared types, to the function. */
function callSql(name: string, used: FnArg[], json: string, params: Params): { source: string; call: string } {
  if (used.length === 0) return { source: '(select) _a', call: `${ident(API_SCHEMA)}.${ident(name)}()` }
  const columns = used.map((a) => `${ident(a.name!)} ${a.type}`).join(', ')
  const args = used.map((a) => `${a.mode === 'v' ? 'variadic ' : ''}${ident(a.name!)} := _a.${ident(a.name!)}`).join(', ')
  return {
    source: `json_to_record(${params.add(json)}::json) as _a(${columns})`,
    call: `${ident(API_SCHEMA)}.${ident(name)}(${args})`,
  }
}

function parseArgs(raw: string): { raw: string; value: Record<string, unknown> } {
  if (raw.trim() === '') return { raw: '{}', value: {} }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw pgrstError(400, 'PGRST102', 'Empty or invalid json')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw pgrstError(400, 'PGRST102', 'Empty or invalid json', 'Function arguments must be a JSON object')
  }
  return { raw, value: value as Record<string, unknown> }
}

/** The overload whose named parameters fit the given keys (GET: keys that are not parameters are filters). */
function pickFunction(name: string, candidates: FnInfo[], keys: string[], viaQuery: boolean): { fn: FnInfo; used: FnArg[] } {
  const fits = candidates.flatMap((fn) => {
    const inputs = inputArgs(fn)
    if (inputs.some((a) => !a.name)) return []
    const required = inputs.slice(0, inputs.length - fn.ndefaults)
    const given = new Set(keys)
    if (!viaQuery && keys.some((k) => !inputs.some((a) => a.name === k))) return []
    if (required.some((a) => !given.has(a.name!))) return []
    return [{ fn, used: inputs.filter((a) => given.has(a.name!)) }]
  })
  if (fits.length === 1) return fits[0]!
  const signature = (fn: FnInfo) => `${API_SCHEMA}.${name}(${inputArgs(fn).map((a) => `${a.name} => ${a.type}`).join(', ')})`
  if (fits.length > 1) {
    throw pgrstError(300, 'PGRST203', `Could not choose the best candidate function between: ${fits.map((f) => signature(f.fn)).join(', ')}`,
      null, 'Try renaming the parameters or the function itself in the database so function overloading can be resolved')
  }
  const sorted = [...keys].sort()
  const named = sorted.length ? `(${sorted.join(', ')})` : ' without parameters'
  throw pgrstError(
    404,
    'PGRST202',
    `Could not find the function ${API_SCHEMA}.${name}${named} in the schema cache`,
    `Searched for the function ${API_SCHEMA}.${name}${sorted.length ? ` with parameters ${sorted.join(', ')}` : ' without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    candidates.length ? `Perhaps you meant to call the function ${signature(candidates[0]!)}` : null,
  )
}

function onlyPaging(query: URLSearchParams): [string, string][] {
  return [...query].filter(([k]) => k === 'limit' || k === 'offset')
}
