// PostgREST table and view reads: GET/HEAD /rest/v1/<relation> in the public schema, each page cut to
// max_rows as PostgREST does.
import type { PGlite } from '@electric-sql/pglite'
import { API_SCHEMA, findRelation, ident } from './catalog'
import { pgrstError } from './errors'
import type { ApiRequest, ApiResponse } from './http'
import { Params, planRead } from './query'
import { type RowsResult, cappedLimit, negotiate, pagedRowsSql, rowsResponse } from './respond'
import { type RequestContext, inRequestTx } from './tx'

export async function readRelation(
  db: PGlite,
  req: ApiRequest,
  ctx: RequestContext,
  name: string,
  maxRows: number | null,
): Promise<ApiResponse> {
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
