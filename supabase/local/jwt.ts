// HS256 JWTs as GoTrue issues them and PostgREST checks them (no clock leeway: an expired token fails at once).
import { SignJWT, errors, jwtVerify } from 'jose'

export type Claims = Record<string, unknown> & {
  role?: string
  sub?: string
  exp?: number
  session_id?: string
}

export type Verified =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'expired' | 'signature' | 'malformed'; message: string }

const keys = new Map<string, Uint8Array>()
function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret)
  if (!key) keys.set(secret, (key = new TextEncoder().encode(secret)))
  return key
}

export async function signJwt(claims: Claims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyFor(secret))
}

export async function verifyJwt(token: string, secret: string): Promise<Verified> {
  if (token.split('.').length !== 3) {
    return { ok: false, reason: 'malformed', message: 'token is malformed' }
  }
  try {
    const { payload } = await jwtVerify(token, keyFor(secret), { algorithms: ['HS256'] })
    return { ok: true, claims: payload as Claims }
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', message: 'token is expired' }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: 'signature', message: 'signature is invalid' }
    }
    return { ok: false, reason: 'malformed', message: (error as Error).message }
  }
}

/** The `Authorization: Bearer <token>` value, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}
