// A node:http server speaking the parts of the Supabase HTTP API the app uses, over one PGlite:
// GoTrue under /auth/v1, PostgREST reads and RPC under /rest/v1. Dev tooling only (SPEC §10).
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PGlite } from '@electric-sql/pglite'
import { type AuthConfig, handleAuth } from './auth'
import { ensureAuthSchema } from './auth-store'
import { configuredMaxRows } from './config'
import { HttpError, gatewayError, gotrueError, pgrstError } from './errors'
import { checkApiKey, checkProfile, restContext } from './gate'
import { type ApiRequest, type ApiResponse, corsHeaders, errorResponse, readBody, send } from './http'
import { DEFAULT_HOST, JWT_SECRET } from './keys'
import { readRelation } from './rest'
import { callFunction } from './rpc'
import { drain, serial } from './tx'

export interface LocalBackendOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  db: PGlite
  jwtSecret?: string
  /** Lifetime of issued access tokens (GoTrue's default 3600); tests use a second or two. */
  accessTokenTtlSeconds?: number
  /**
   * PostgREST's max_rows: no table read or set-returning function answers more rows per request. Defaults
   * to supabase/config.toml's [api] max_rows (1000, as on Supabase); `null` lifts the cap.
   */
  maxRows?: number | null
  /** One line per request, e.g. console.log; silent when absent. */
  log?: (line: string) => void
}

export interface LocalBackend {
  url: string
  close(): Promise<void>
}

const AUTH_HEADERS = { 'X-Supabase-Api-Version': '2024-01-01' }

export async function startLocalBackend(opts: LocalBackendOptions): Promise<LocalBackend> {
  const { db } = opts
  const secret = opts.jwtSecret ?? JWT_SECRET
  const maxRows = opts.maxRows === undefined ? configuredMaxRows() : opts.maxRows
  if (maxRows !== null && !(Number.isInteger(maxRows) && maxRows >= 0)) throw new Error(`maxRows must be a whole number ≥ 0, got ${maxRows}`)
  await serial(db, () => ensureAuthSchema(db))
  const auth: AuthConfig = { secret, accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600, issuer: '' }

  const server = createServer((req, res) => {
    const started = Date.now()
    handle(req, res).then(
      (status) => opts.log?.(`${req.method} ${req.url} → ${status} (${Date.now() - started} ms)`),
      (error: unknown) => {
        opts.log?.(`${req.method} ${req.url} → failed: ${(error as Error).stack ?? String(error)}`)
        if (!res.headersSent) res.writeHead(500, corsHeaders(req)).end()
      },
    )
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const cors = corsHeaders(req)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end()
      return 204
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const isAuth = url.pathname.startsWith('/auth/v1/')
    let response: ApiResponse
    try {
      const apiReq: ApiRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req),
      }
      response = await route(apiReq)
    } catch (error) {
      response = errorResponse(asHttpError(error, isAuth, opts.log))
    }
    if (isAuth) response.headers = { ...AUTH_HEADERS, ...response.headers }
    send(res, response, cors, req.method === 'HEAD')
    return response.status
  }

  async function route(req: ApiRequest): Promise<ApiResponse> {
    const auth_ = /^\/auth\/v1\/([a-z_]+)\/?$/.exec(req.path)
    if (auth_) {
      await checkApiKey(req, secret)
      return handleAuth(db, req, auth, auth_[1]!)
    }
    const rpc = /^\/rest\/v1\/rpc\/([^/]+)\/?$/.exec(req.path)
    if (rpc) {
      if (!['GET', 'HEAD', 'POST'].includes(req.method)) throw unsupportedMethod(req.method)
      const name = decodeURIComponent(rpc[1]!)
      const ctx = await restContext(req, secret, `/rpc/${name}`, req.method !== 'POST')
      checkProfile(req)
      return callFunction({ db, req, ctx, name, maxRows })
    }
    const table = /^\/rest\/v1\/([^/]+)\/?$/.exec(req.path)
    if (table) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw unsupportedMethod(req.method)
      const name = decodeURIComponent(table[1]!)
      const ctx = await restContext(req, secret, `/${name}`, true)
      checkProfile(req)
      return readRelation({ db, req, ctx, name, maxRows })
    }
    throw gatewayError(404, 'no Route matched with those values', `The local backend serves /auth/v1 and /rest/v1 only`)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? DEFAULT_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : opts.host ?? DEFAULT_HOST
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  auth.issuer = `${url}/auth/v1`

  return {
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await drain(db)
    },
  }
}

function unsupportedMethod(method: string): HttpError {
  return pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${method}`, 'The local backend serves table reads (GET/HEAD) and RPC; write through functions')
}

/** Unexpected failures still answer 500 (never 503/520, which supabase-js retries). */
function asHttpError(error: unknown, isAuth: boolean, log?: (line: string) => void): HttpError {
  if (error instanceof HttpError) return error
  log?.(`unexpected error: ${(error as Error).stack ?? String(error)}`)
  const message = (error as Error).message ?? String(error)
  return isAuth ? gotrueError(500, 'unexpected_failure', message) : pgrstError(500, 'XX000', message)
}
