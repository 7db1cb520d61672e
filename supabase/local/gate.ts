// The API gateway's apikey check (Kong in a Supabase deployment) and PostgREST's JWT → role step.
import { gatewayError, pgrstError } from './errors'
import { type ApiRequest, header } from './http'
import { type Claims, bearerToken, verifyJwt } from './jwt'
import type { RequestContext } from './tx'

/** The request must carry the anon key or a service key: any token signed with the secret for those roles. */
export async function checkApiKey(req: ApiRequest, secret: string): Promise<string> {
  const apikey = header(req, 'apikey') ?? req.query.get('apikey') ?? undefined
  if (!apikey) {
    throw gatewayError(401, 'No API key found in request', 'No `apikey` request header or url param was found.')
  }
  const verified = await verifyJwt(apikey, secret)
  if (!verified.ok || !['anon', 'service_role'].includes(String(verified.claims.role))) {
    throw gatewayError(401, 'Invalid API key', 'Double check your Supabase `anon` or `service_role` API key.')
  }
  return apikey
}

/** The bearer token (or the apikey when there is none), verified, as the PostgREST request context. */
export async function restContext(
  req: ApiRequest,
  secret: string,
  path: string,
  readOnly: boolean,
): Promise<RequestContext> {
  const apikey = await checkApiKey(req, secret)
  const authorization = header(req, 'authorization')
  const token = authorization === undefined ? apikey : bearerToken(authorization)
  if (!token) throw jwtError('PGRST301', 'Expected "Bearer" authentication scheme')
  const verified = await verifyJwt(token, secret)
  if (!verified.ok) {
    if (verified.reason === 'expired') throw jwtError('PGRST303', 'JWT expired')
    throw jwtError(
      'PGRST301',
      verified.reason === 'signature' ? 'JWSError JWSInvalidSignature' : 'JWSError (CompactDecodeError Invalid number of parts)',
    )
  }
  const claims: Claims = verified.claims
  const role = typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon'
  return { role, claims, method: req.method, path, headers: requestHeaders(req), readOnly }
}

function jwtError(code: string, message: string) {
  return pgrstError(401, code, message, null, null, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message.replaceAll('"', "'")}"`,
  })
}

function requestHeaders(req: ApiRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** Accept-Profile / Content-Profile: only the public schema is exposed, as in our Supabase config. */
export function checkProfile(req: ApiRequest): void {
  const profile = header(req, 'accept-profile') ?? header(req, 'content-profile')
  if (profile !== undefined && profile !== 'public') {
    throw pgrstError(406, 'PGRST106', `Invalid schema: ${profile}`, null, 'Only the following schemas are exposed: public')
  }
}
