// Are two sets of migrations the same database? Each set is applied (after the Supabase shim) to a fresh database
// on a throwaway PostgreSQL (tests/sql/pg-server.ts), its schema dumped with `pg_dump --schema-only --no-owner`,
// the dump cut into its objects (one per `-- Name: …; Type: …` header) and the two compared as sets: a dump orders
// objects by kind and name, but ties follow creation order, which a squash changes.
//
//   npx tsx tests/audit/schema-diff.ts <git ref>        the migrations at <ref> against the working tree's
//   npx tsx tests/audit/schema-diff.ts <dir a> <dir b>  two directories of migrations
//   … --out <dir>                                     also write both dumps, objects sorted, for a diff tool
//
// Prints the objects only one side has and, for objects both have, a unified diff, each marked "code" or
// "whitespace/comments only"; exits 1 when anything differs. docs/decisions.md ("Migrations squashed per area").
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrationsDir, projectRoot, shimPath } from '../sql/db'
import { createMigratedDatabase, findPostgres, startCluster, type PgCluster } from '../sql/pg-server'

type Files = { name: string; sql: string }[]

function fromDir(dir: string): Files {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()
    .map((f) => ({ name: join(dir, f), sql: readFileSync(join(dir, f), 'utf8') }))
}

function fromRef(ref: string): Files {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 26 })
  return git('ls-tree', '--name-only', ref, 'supabase/migrations/').split('\n').filter((f) => f.endsWith('.sql')).sort()
    .map((f) => ({ name: `${ref}:${f}`, sql: git('show', `${ref}:${f}`) }))
}

async function dump(cluster: PgCluster, db: string, migrations: Files): Promise<string> {
  await createMigratedDatabase(cluster, db, [{ name: shimPath, sql: readFileSync(shimPath, 'utf8') }, ...migrations])
  return execFileSync(join(cluster.bin, 'pg_dump'),
    ['--schema-only', '--no-owner', '-h', cluster.host, '-p', String(cluster.port), '-U', 'postgres', db],
    { encoding: 'utf8', maxBuffer: 1 << 28 })
}

/** The dump's objects by header ("Name: …; Type: …; Schema: …"), each with its statements. */
function objects(dumped: string): Map<string, string> {
  const out = new Map<string, string>()
  // \restrict and \unrestrict carry a random key per dump (pg_dump's guard against psql meta-commands)
  const text = dumped.replace(/^\\(un)?restrict .*$/gm, '')
  const parts = text.split(/^--\n-- (?=Name: )/m)
  out.set('(preamble)', (parts[0] ?? '').replace(/^-- Dumped (from|by) .*$/gm, '').trim())
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n')
    const header = part.slice(0, newline).replace(/; Owner: .*$/, '')
    const body = part.slice(newline + 1).replace(/^--\n/, '').replace(/[ \t]+$/gm, '').trim()
    let key = header
    for (let i = 2; out.has(key); i++) key = `${header} #${i}`
    out.set(key, body)
  }
  return out
}

/** Without SQL comments and with whitespace collapsed: what a change of layout or wording leaves equal. */
const code = (s: string) => s.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim()

function unifiedDiff(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-schema-diff-'))
  try {
    writeFileSync(join(dir, 'a'), `${a}\n`)
    writeFileSync(join(dir, 'b'), `${b}\n`)
    return spawnSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' }).stdout.split('\n').slice(2).join('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([k, v]) => `-- ${k}\n${v}\n`).join('\n')

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const outAt = args.indexOf('--out')
  const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined
  const [first, second] = args
  if (first === undefined || args.length > 2) {
    console.error('usage: tsx tests/audit/schema-diff.ts <git ref> | <dir a> <dir b> [--out <dir>]')
    return 2
  }
  const [a, b] = second !== undefined
    ? [{ label: first, files: fromDir(first) }, { label: second, files: fromDir(second) }]
    : [{ label: first, files: fromRef(first) }, { label: 'working tree', files: fromDir(migrationsDir) }]
  const found = findPostgres()
  if ('missing' in found) {
    console.error(`PostgreSQL is needed: ${found.missing}`)
    return 2
  }
  const cluster = await startCluster()
  let dumps: [string, string]
  try {
    dumps = [await dump(cluster, 'schema_a', a.files), await dump(cluster, 'schema_b', b.files)]
  } finally {
    cluster.stop()
  }
  const oa = objects(dumps[0])
  const ob = objects(dumps[1])
  if (outDir) {
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true })
    writeFileSync(join(outDir, 'a.sql'), sorted(oa))
    writeFileSync(join(outDir, 'b.sql'), sorted(ob))
  }
  const onlyA = [...oa.keys()].filter((k) => !ob.has(k))
  const onlyB = [...ob.keys()].filter((k) => !oa.has(k))
  const changed = [...oa.keys()].filter((k) => ob.has(k) && oa.get(k) !== ob.get(k))
  console.log(`a: ${a.label} (${a.files.length} files, ${a.files.reduce((n, f) => n + f.sql.split('\n').length - 1, 0)} lines, ${oa.size} objects)`)
  console.log(`b: ${b.label} (${b.files.length} files, ${b.files.reduce((n, f) => n + f.sql.split('\n').length - 1, 0)} lines, ${ob.size} objects)`)
  for (const k of onlyA) console.log(`\nonly in a: ${k}\n${oa.get(k)}`)
  for (const k of onlyB) console.log(`\nonly in b: ${k}\n${ob.get(k)}`)
  for (const k of changed) {
    const kind = code(oa.get(k) ?? '') === code(ob.get(k) ?? '') ? 'whitespace/comments only' : 'code'
    console.log(`\ndiffers (${kind}): ${k}\n${unifiedDiff(oa.get(k) ?? '', ob.get(k) ?? '')}`)
  }
  const same = onlyA.length + onlyB.length + changed.length === 0
  console.log(same ? '\nThe two schemas are equal, object by object.'
    : `\n${onlyA.length} only in a, ${onlyB.length} only in b, ${changed.length} differ`)
  return same ? 0 : 1
}

process.exit(await main())
