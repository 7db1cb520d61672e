// GoTrue's bookkeeping for the local backend: sessions and rotating refresh tokens in a schema of its own
// (local_auth, created on start, never part of our migrations), and users read from auth.users.
import { createHash, randomBytes } from 'node:crypto'
import type { PGlite, Transaction } from '@electric-sql/pglite'

const SCHEMA_SQL = `
create schema if not exists local_auth;
revoke all on schema local_auth from public;
create table if not exists local_auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  aal text not null default 'aal1',
  amr_method text not null default 'password',
  created_at timestamptz not null default now(),
  refreshed_at timestamptz,
  user_agent text
);
create index if not exists sessions_user_idx on local_auth.sessions (user_id);
create table if not exists local_auth.refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references local_auth.sessions (id) on delete cascade,
  parent_hash text,
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_idx on local_auth.refresh_tokens (session_id);
`

export async function ensureAuthSchema(db: PGlite): Promise<void> {
  await db.exec(SCHEMA_SQL)
}

export interface UserRow {
  id: string
  email: string | null
  phone: string | null
  role: string
  app_metadata: Record<string, unknown>
  user_metadata: Record<string, unknown>
  is_anonymous: boolean
  banned: boolean
  email_confirmed: boolean
  /** The GoTrue user object, serialised by Postgres. */
  user_json: string
}

// GoTrue's user object (identities included); the role defaults as GoTrue's does for new users.
const USER_COLUMNS = `
  u.id, u.email, u.phone, coalesce(nullif(u.role, ''), 'authenticated') as role,
  coalesce(u.raw_app_meta_data, '{}') as app_metadata, coalesce(u.raw_user_meta_data, '{}') as user_metadata,
  u.is_anonymous, coalesce(u.banned_until > now(), false) as banned, u.email_confirmed_at is not null as email_confirmed,
  json_build_object(
    'id', u.id, 'aud', coalesce(u.aud, ''), 'role', coalesce(u.role, ''), 'email', coalesce(u.email, ''),
    'email_confirmed_at', u.email_confirmed_at, 'phone', coalesce(u.phone, ''), 'confirmed_at', u.confirmed_at,
    'last_sign_in_at', u.last_sign_in_at,
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'), 'user_metadata', coalesce(u.raw_user_meta_data, '{}'),
    'identities', coalesce((
      select json_agg(json_build_object(
               'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', i.identity_data,
               'provider', i.provider, 'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at,
               'updated_at', i.updated_at, 'email', i.email) order by i.created_at)
        from auth.identities i where i.user_id = u.id), '[]'),
    'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', u.is_anonymous
  )::text as user_json`

/** GoTrue's lookup for a password sign-in: same instance, audience, not SSO, not deleted; checks the bcrypt hash. */
export async function findUserByPassword(tx: Transaction, email: string, password: string): Promise<UserRow | undefined> {
  const { rows } = await tx.query<{ id: string; ok: boolean }>(
    `select u.id,
            coalesce(u.encrypted_password ~ '^\\$2[abxy]?\\$'
                     and extensions.crypt($2, u.encrypted_password) = u.encrypted_password, false) as ok
       from auth.users u
      where u.instance_id = '00000000-0000-0000-0000-000000000000' and lower(u.email) = lower($1)
        and u.aud = 'authenticated' and not u.is_sso_user and u.deleted_at is null
      limit 1`,
    [email, password],
  )
  if (!rows[0]?.ok) return undefined
  await tx.query(`update auth.users set last_sign_in_at = now() where id = $1`, [rows[0].id])
  return findUserById(tx, rows[0].id)
}

export async function findUserById(tx: Transaction, id: string): Promise<UserRow | undefined> {
  const { rows } = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where u.id = $1 and u.deleted_at is null`,
    [id],
  )
  return rows[0]
}

export interface Session {
  id: string
  user_id: string
  aal: string
  amr_method: string
  /** seconds since the epoch */
  created_epoch: number
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

async function issueRefreshToken(tx: Transaction, sessionId: string, parentHash: string | null): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  await tx.query(`insert into local_auth.refresh_tokens (token_hash, session_id, parent_hash) values ($1, $2, $3)`, [
    hash(token),
    sessionId,
    parentHash,
  ])
  return token
}

const SESSION_COLUMNS = `s.id, s.user_id, s.aal, s.amr_method, extract(epoch from s.created_at)::int as created_epoch`

export async function createSession(tx: Transaction, userId: string, userAgent?: string): Promise<{ session: Session; refreshToken: string }> {
  const { rows } = await tx.query<Session>(
    `insert into local_auth.sessions as s (user_id, user_agent) values ($1, $2) returning ${SESSION_COLUMNS}`,
    [userId, userAgent ?? null],
  )
  const session = rows[0]!
  return { session, refreshToken: await issueRefreshToken(tx, session.id, null) }
}

/** Uses up a refresh token and returns its successor; undefined when unknown, already used or logged out. */
export async function rotateRefreshToken(tx: Transaction, token: string): Promise<{ session: Session; refreshToken: string } | undefined> {
  const { rows } = await tx.query<Session>(
    `update local_auth.refresh_tokens t set revoked = true
       from local_auth.sessions s
      where t.token_hash = $1 and not t.revoked and s.id = t.session_id
     returning ${SESSION_COLUMNS}`,
    [hash(token)],
  )
  const session = rows[0]
  if (!session) return undefined
  await tx.query(`update local_auth.sessions set refreshed_at = now() where id = $1`, [session.id])
  return { session, refreshToken: await issueRefreshToken(tx, session.id, hash(token)) }
}

export async function findSession(tx: Transaction, id: string): Promise<Session | undefined> {
  const { rows } = await tx.query<Session>(`select ${SESSION_COLUMNS} from local_auth.sessions s where s.id = $1`, [id])
  return rows[0]
}

/** GoTrue's logout scopes: global (every session of the user), local (this one), others (all but this one). */
export async function endSessions(tx: Transaction, userId: string, sessionId: string, scope: string): Promise<void> {
  if (scope === 'local') await tx.query(`delete from local_auth.sessions where id = $1`, [sessionId])
  else if (scope === 'others') await tx.query(`delete from local_auth.sessions where user_id = $1 and id <> $2`, [userId, sessionId])
  else await tx.query(`delete from local_auth.sessions where user_id = $1`, [userId])
}
