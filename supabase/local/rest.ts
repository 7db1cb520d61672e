// PostgREST table and view reads: GET/HEAD /rest/v1/<relation> in the public schema, each page cut to
// max_rows as PostgREST does.
import { API_SCHEMA, findRelation, ident } from './catalog'
import { pgrstError } from './errors'
import type { ApiResponse } from './http'
import { Params, planRead } from './query'
import { type RestCall, type RowsResult, cappedLimit, negotiate, pagedRowsSql, rowsResponse } from './respond'
import { inRequestTx } from './tx'

export async function readRelation({ db, req, ctx, name, maxRows }: RestCall): Promise<ApiResponse> {
  const want = negotiate(req)
  return inRequestTx(db, ctx, async (tx) => {
    const relation = await findRelation(tx, name)
    if (!relation) {
      throw pgrstError(404, 'PGRST205', `Could not find the table '${API_SCHEMA}.${name}' in the schema cache`)
    }
    const params = new Params()
    const plan = planRead(req.query, relation, 'pgrst_src', params)
    const sql = pagedRowsSql(
      {
        from: `from ${ident(API_SCHEMA)}.${ident(name)} pgrst_src where ${plan.where}`,
        alias: 'pgrst_src',
        select: plan.select,
        orderBy: plan.orderBy,
        limit: cappedLimit(plan.limit, maxRows),
        offset: plan.offset,
      },
      want.count,
      want.stripNulls,
    )
    const result = (await tx.query<RowsResult>(sql, params.values)).rows[0]!
    return rowsResponse(result, want, plan.offset, result.total ?? undefined)
  })
}
