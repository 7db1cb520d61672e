// Request/response plumbing: CORS for the browser, bounded bodies, JSON answers.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './errors'

export interface ApiRequest {
  method: string
  /** Path without the query string, e.g. /rest/v1/activities */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export interface ApiResponse {
  status: number
  headers?: Record<string, string>
  /** Already serialised; undefined for an empty body. */
  body?: string
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
export const JSON_TYPE = 'application/json; charset=utf-8'

export function header(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

/** Any origin in development; the requested headers are echoed, as Kong does for Supabase. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': header(req, 'origin') ?? '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Expose-Headers':
      'Content-Range, Content-Location, Range-Unit, Preference-Applied, X-Supabase-Api-Version',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin, Access-Control-Request-Headers',
  }
  const requested = header(req, 'access-control-request-headers')
  headers['Access-Control-Allow-Headers'] =
    requested ?? 'authorization, apikey, content-type, prefer, accept-profile, content-profile, range, x-client-info'
  if (header(req, 'access-control-request-private-network') === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true'
  }
  return headers
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, { code: 'PGRST413', message: 'Request body too large', details: null, hint: null })
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(value) }
}

export function errorResponse(error: HttpError, extra: Record<string, string> = {}): ApiResponse {
  return json(error.status, error.body, { ...error.headers, ...extra })
}

export function send(res: ServerResponse, response: ApiResponse, base: Record<string, string>, head = false): void {
  const headers = { ...base, ...response.headers }
  if (response.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(response.body))
  res.writeHead(response.status, headers)
  res.end(head ? undefined : response.body)
}
