// PostgREST table and view reads: GET/HEAD /rest/v1/<relation> in the public schema.
import type { PGlite } from '@electric-sql/pglite'
import { API_SCHEMA, findRelation, ident } from './catalog'
import { pgrstError } from './errors'
import type { ApiRequest, ApiResponse } from './http'
import { Params, planRead } from './query'
import { type RowsResult, negotiate, rowsResponse, rowsSql } from './respond'
import { type RequestContext, inRequestTx } from './tx'

export async function readRelation(db: PGlite, req: ApiRequest, ctx: RequestContext, name: string): Promise<ApiResponse> {
  const want = negotiate(req)
  return inRequestTx(db, ctx, async (tx) => {
    const relation = await findRelation(tx, name)
    if (!relation) {
      throw pgrstError(404, 'PGRST205', `Could not find the table '${API_SCHEMA}.${name}' in the schema cache`)
    }
    const params = new Params()
    const plan = planRead(req.query, relation, 'pgrst_src', params)
    const from = `from ${ident(API_SCHEMA)}.${ident(name)} pgrst_src where ${plan.where}`
    const inner = `select ${plan.select} ${from}${plan.orderBy ? ` order by ${plan.orderBy}` : ''}${
      plan.limit !== undefined ? ` limit ${plan.limit}` : ''
    }${plan.offset ? ` offset ${plan.offset}` : ''}`
    const { rows } = await tx.query<RowsResult>(rowsSql(inner, want.stripNulls), params.values)
    const result = rows[0]!
    let total: number | undefined
    if (want.count) {
      if (plan.limit === undefined && plan.offset === 0) total = result.n
      else total = (await tx.query<{ total: number }>(`select count(*)::int as total ${from}`, params.values)).rows[0]!.total
    }
    return rowsResponse(result, want, plan.offset, total)
  })
}
