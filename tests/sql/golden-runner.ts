// Runs a golden case (tests/fixtures/golden/*.json) against the real SQL functions, on any driver with a
// `query(sql, params)` method (PGlite or node-postgres). Each case lives in one transaction that is rolled
// back, so one migrated database serves every case.
import { TABLE_ORDER, type GoldenCase } from '../fixtures/golden'

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
}

export interface Comparison { label: string; actual: unknown[]; expected: unknown[] }

const sortKey = (row: unknown) => JSON.stringify(Object.entries(row as object).sort(([a], [b]) => a.localeCompare(b)))
const normalise = (rows: unknown[]) => rows.map(sortKey).sort()

async function insertRows(db: Queryable, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row).map((c) => `"${c}"`).join(', ')
    // jsonb_populate_record does the typing (text[], numeric, dates) the way a client insert would
    await db.query(
      `insert into public.${table} (${columns}) select ${columns} from jsonb_populate_record(null::public.${table}, $1::jsonb)`,
      [JSON.stringify(row)],
    )
  }
}

async function rpcRows(db: Queryable, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(`select to_jsonb(f) as r from ${sql} f`, params)
  return rows.map((row) => {
    const r = (row as { r: unknown }).r
    return (typeof r === 'string' ? JSON.parse(r) : r) as Record<string, unknown>
  })
}

function matchesFilter(row: Record<string, unknown>, filter: Record<string, string[] | undefined> = {}): boolean {
  return Object.entries(filter).every(([key, allowed]) => !allowed || allowed.includes(String(row[key])))
}

/** Loads the case's data, calls both functions as service_role, and returns what to compare. */
export async function runGoldenCase(db: Queryable, golden: GoldenCase): Promise<Comparison[]> {
  const out: Comparison[] = []
  await db.query('begin')
  try {
    for (const table of TABLE_ORDER) await insertRows(db, table, golden.data[table] ?? [])
    await db.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`)
    await db.query('set local role service_role')
    for (const f of golden.funding) {
      const actual = await rpcRows(db, 'public.branch_funding($1)', [f.year])
      out.push({ label: `funding ${f.year}`, actual: normalise(actual), expected: normalise(f.rows) })
    }
    for (const c of golden.completeness) {
      const all = await rpcRows(db, 'public.branch_completeness($1, $2::date)', [c.year, c.as_of])
      const actual = all.filter((row) => matchesFilter(row, c.filter))
      out.push({ label: `completeness ${c.year} as of ${c.as_of}`, actual: normalise(actual), expected: normalise(c.rows) })
    }
  } finally {
    await db.query('rollback')
  }
  return out
}
