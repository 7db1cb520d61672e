// GoTrue endpoints the app uses: email sign-up (autoconfirmed), password sign-in, refresh-token rotation,
// the current user, sign-out.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import {
  type Session,
  type UserRow,
  createSession,
  endSessions,
  findSession,
  findUserById,
  findUserByPassword,
  rotateRefreshToken,
} from './auth-store'
import { gotrueError } from './errors'
import { type ApiRequest, type ApiResponse, header, json } from './http'
import { type Claims, bearerToken, signJwt, verifyJwt } from './jwt'
import { createEmailUser, signupParams } from './signup'
import { ownerTx } from './tx'

export interface AuthConfig {
  secret: string
  accessTokenTtlSeconds: number
  /** the iss claim: <url>/auth/v1 */
  issuer: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function handleAuth(db: PGlite, req: ApiRequest, config: AuthConfig, route: string): Promise<ApiResponse> {
  const key = `${req.method} ${route}`
  switch (key) {
    case 'POST signup':
      return signup(db, req, config)
    case 'POST token':
      return token(db, req, config)
    case 'GET user':
      return ownerTx(db, async (tx) => json(200, JSON.parse((await authenticate(tx, req, config)).user.user_json)))
    case 'POST logout':
      return ownerTx(db, async (tx) => {
        const { user, session } = await authenticate(tx, req, config)
        await endSessions(tx, user.id, session?.id ?? '00000000-0000-0000-0000-000000000000', req.query.get('scope') ?? 'global')
        return { status: 204 }
      })
    case 'GET health':
      return json(200, { version: 'local', name: 'GoTrue', description: 'Zhibu local backend (GoTrue wire format over PGlite)' })
    case 'GET settings':
      return json(200, {
        external: { email: true, phone: false, anonymous_users: false },
        disable_signup: false,
        mailer_autoconfirm: true,
        phone_autoconfirm: false,
        sms_provider: '',
        saml_enabled: false,
      })
    default:
      throw gotrueError(404, 'not_found', `The local backend does not implement ${req.method} /auth/v1/${route}`)
  }
}

/** GoTrue with "Confirm email" off: the new user is confirmed and signed in at once (a password grant). */
async function signup(db: PGlite, req: ApiRequest, config: AuthConfig): Promise<ApiResponse> {
  const params = signupParams(parseBody(req.body))
  return ownerTx(db, async (tx) => {
    const user = await findUserById(tx, await createEmailUser(tx, params))
    if (!user) throw gotrueError(500, 'unexpected_failure', 'Database error loading user after sign-up')
    const { session, refreshToken } = await createSession(tx, user.id, header(req, 'user-agent'))
    return tokenResponse(user, session, refreshToken, config)
  })
}

async function token(db: PGlite, req: ApiRequest, config: AuthConfig): Promise<ApiResponse> {
  const body = parseBody(req.body)
  const grant = req.query.get('grant_type')
  if (grant === 'password') {
    const email = typeof body.email === 'string' ? body.email : ''
    const password = typeof body.password === 'string' ? body.password : ''
    if (!email) throw gotrueError(400, 'validation_failed', 'missing email or phone')
    return ownerTx(db, async (tx) => {
      const user = await findUserByPassword(tx, email, password)
      if (!user) throw gotrueError(400, 'invalid_credentials', 'Invalid login credentials')
      if (user.banned) throw gotrueError(400, 'user_banned', 'User is banned')
      if (!user.email_confirmed) throw gotrueError(400, 'email_not_confirmed', 'Email not confirmed')
      const { session, refreshToken } = await createSession(tx, user.id, header(req, 'user-agent'))
      return tokenResponse(user, session, refreshToken, config)
    })
  }
  if (grant === 'refresh_token') {
    const refresh = typeof body.refresh_token === 'string' ? body.refresh_token : ''
    if (!refresh) throw gotrueError(400, 'validation_failed', 'refresh_token required')
    return ownerTx(db, async (tx) => {
      const rotated = await rotateRefreshToken(tx, refresh)
      const user = rotated && (await findUserById(tx, rotated.session.user_id))
      if (!rotated || !user) {
        throw gotrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
      }
      if (user.banned) throw gotrueError(400, 'user_banned', 'Invalid Refresh Token: User Banned')
      return tokenResponse(user, rotated.session, rotated.refreshToken, config)
    })
  }
  throw gotrueError(400, 'validation_failed', 'unsupported_grant_type')
}

async function tokenResponse(user: UserRow, session: Session, refreshToken: string, config: AuthConfig): Promise<ApiResponse> {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + config.accessTokenTtlSeconds
  const claims: Claims = {
    aud: 'authenticated',
    exp,
    iat,
    iss: config.issuer,
    sub: user.id,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    role: user.role,
    aal: session.aal,
    amr: [{ method: session.amr_method, timestamp: session.created_epoch }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  }
  return json(200, {
    access_token: await signJwt(claims, config.secret),
    token_type: 'bearer',
    expires_in: config.accessTokenTtlSeconds,
    expires_at: exp,
    refresh_token: refreshToken,
    user: JSON.parse(user.user_json),
  })
}

/** GoTrue's requireAuthentication: a valid user JWT whose session still exists. */
async function authenticate(tx: Transaction, req: ApiRequest, config: AuthConfig): Promise<{ user: UserRow; session?: Session }> {
  const jwt = bearerToken(header(req, 'authorization'))
  if (!jwt) throw gotrueError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const verified = await verifyJwt(jwt, config.secret)
  if (!verified.ok) {
    throw gotrueError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${verified.message}`)
  }
  const { sub, session_id: sessionId } = verified.claims
  if (typeof sub !== 'string' || !UUID.test(sub)) throw gotrueError(403, 'bad_jwt', 'invalid claim: missing sub claim')
  let session: Session | undefined
  if (sessionId !== undefined) {
    session = typeof sessionId === 'string' && UUID.test(sessionId) ? await findSession(tx, sessionId) : undefined
    if (!session || session.user_id !== sub) {
      throw gotrueError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
    }
  }
  const user = await findUserById(tx, sub)
  if (!user) throw gotrueError(404, 'user_not_found', 'User from sub claim in JWT does not exist')
  return { user, session }
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // fall through
  }
  throw gotrueError(400, 'bad_json', 'Could not parse request body as JSON')
}
