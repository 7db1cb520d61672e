import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
const t=Date.now()
const db = new PGlite({ extensions: { pgcrypto } })
await db.exec("create extension pgcrypto")
console.log('start', Date.now()-t)
const r = await db.query(`select ('2026-03-31T16:30:00Z'::timestamptz at time zone 'Asia/Shanghai') as sh, pg_current_xact_id() as x, pg_snapshot_xmin(pg_current_snapshot()) xm, crypt('a', gen_salt('bf')) c, version() v`)
console.log(r.rows)
const d = await db.dumpDataDir('gzip'); console.log('dump', d.size, Date.now()-t)
const db2 = new PGlite({ loadDataDir: d, extensions: { pgcrypto } }); await db2.query('select 1'); console.log('load', Date.now()-t)
