// The dev backend's persisted PGlite (.local/pgdata): created with the Supabase shim + migrations + seed on
// first start, brought up to date with new migrations on later starts. Edited, renamed or squashed migrations
// need --reset (the squash of 2026-12 is one: docs/decisions.md, "Migrations squashed per area").
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgliteExtensions, projectRoot, schemaSql } from '../../tests/sql/db'

export const defaultDataDir = join(projectRoot, '.local', 'pgdata')
/** `--empty`: a project with the migrations only, beside (never instead of) the demo database. */
export const emptyDataDir = join(projectRoot, '.local', 'pgdata-empty')
export const seedPath = join(projectRoot, 'supabase', 'seed.sql')

export interface OpenedDb {
  db: PGlite
  /** what happened, for the console */
  notes: string[]
}

export class MigrationChangedError extends Error {}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex')

/** seed: false leaves supabase/seed.sql out (an empty project: no orgs, no users). */
export async function openLocalDb(dataDir = defaultDataDir, opts: { reset?: boolean; seed?: boolean } = {}): Promise<OpenedDb> {
  if (opts.reset) rmSync(dataDir, { recursive: true, force: true })
  const db = new PGlite(dataDir, { extensions: pgliteExtensions })
  await db.waitReady
  try {
    return { db, notes: await migrate(db, dataDir, opts.seed ?? true) }
  } catch (error) {
    await db.close()
    throw error
  }
}

async function migrate(db: PGlite, dataDir: string, withSeed: boolean): Promise<string[]> {
  const notes: string[] = []
  await db.exec(`
    create schema if not exists local_meta;
    revoke all on schema local_meta from public;
    create table if not exists local_meta.applied_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now());
    create table if not exists local_meta.seed (
      id boolean primary key default true check (id), checksum text not null, applied_at timestamptz not null default now());`)
  const applied = new Map(
    (await db.query<{ name: string; checksum: string }>(`select name, checksum from local_meta.applied_migrations`)).rows.map(
      (r) => [r.name, r.checksum],
    ),
  )
  const fresh = applied.size === 0
  const files = schemaSql().map(({ name, sql }) => ({ name: basename(name), sql, sum: checksum(sql) }))
  const changed = files.filter((f) => applied.has(f.name) && applied.get(f.name) !== f.sum).map((f) => f.name)
  // applied here but gone from supabase/migrations: renamed or squashed (docs/decisions.md, "Migrations squashed per area")
  const gone = [...applied.keys()].filter((name) => !files.some((f) => f.name === name)).sort()
  if (changed.length > 0 || gone.length > 0) {
    throw new MigrationChangedError(
      (changed.length > 0 ? `These files changed after they were applied to ${dataDir}:\n  ${changed.join('\n  ')}\n` : '') +
        (gone.length > 0 ? `These migrations were applied to ${dataDir} and are gone from supabase/migrations:\n  ${gone.join('\n  ')}\n` : '') +
        `The local database cannot follow an edited migration. Start again from scratch with:\n  npm run backend -- --reset`,
    )
  }
  for (const file of files.filter((f) => !applied.has(f.name))) {
    await db.transaction(async (tx) => {
      try {
        await tx.exec(file.sql)
      } catch (error) {
        throw new Error(`applying ${file.name}: ${(error as Error).message}`, { cause: error })
      }
      await tx.query(`insert into local_meta.applied_migrations (name, checksum) values ($1, $2)`, [file.name, file.sum])
    })
    notes.push(`applied ${file.name}`)
  }
  const seed = withSeed && existsSync(seedPath) ? readFileSync(seedPath, 'utf8') : undefined
  if (fresh && seed !== undefined) {
    await db.transaction(async (tx) => {
      try {
        await tx.exec(seed)
      } catch (error) {
        throw new Error(`applying supabase/seed.sql: ${(error as Error).message}`, { cause: error })
      }
      await tx.query(`insert into local_meta.seed (checksum) values ($1)`, [checksum(seed)])
    })
    notes.push('applied supabase/seed.sql')
  } else if (seed !== undefined) {
    const { rows } = await db.query<{ checksum: string }>(`select checksum from local_meta.seed`)
    if (rows[0]?.checksum !== checksum(seed)) {
      notes.push('supabase/seed.sql is new or changed since this database was seeded; run with --reset to re-seed')
    }
  }
  return notes
}

/** Users the real GoTrue would not sign in or would fail to read (it scans token columns into strings). */
export async function gotrueWarnings(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ email: string; problem: string }>(`
    select coalesce(u.email, u.id::text) as email, p.problem
      from auth.users u,
           lateral (values
             (case when u.instance_id is distinct from '00000000-0000-0000-0000-000000000000' then 'instance_id is not the nil uuid' end),
             (case when u.aud is distinct from 'authenticated' then 'aud is not ''authenticated''' end),
             (case when coalesce(u.role, '') = '' then 'role is empty' end),
             (case when u.email_confirmed_at is null then 'email_confirmed_at is null (Email not confirmed)' end),
             (case when u.confirmation_token is null or u.recovery_token is null or u.email_change_token_new is null
                        or u.email_change is null then 'token columns are NULL (GoTrue needs '''')' end)
           ) as p (problem)
     where p.problem is not null and u.deleted_at is null
     order by 1, 2`)
  return rows.map((r) => `${r.email}: ${r.problem}`)
}
