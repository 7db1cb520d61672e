// npm run audit:db — the security audit of the migrated schema (tests/audit/dbAudit.ts), printed; exits 1 on a
// failure. Runs on PGlite with every migration applied; CI runs it through tests/audit/dbAudit.test.ts too.
import { createDb } from '../sql/db'
import { auditDb, formatReport } from './dbAudit'

const db = await createDb()
const report = await auditDb(db)
console.log(formatReport(report))
await db.close()
process.exit(report.failures.length > 0 ? 1 : 0)
