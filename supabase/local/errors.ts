// The error shapes supabase-js understands: PostgREST's {code, message, details, hint}, GoTrue's
// {code, error_code, msg} (with X-Supabase-Api-Version), and the API gateway's {message, hint}.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? body.msg ?? `HTTP ${status}`))
  }
}

export function pgrstError(
  status: number,
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(status, { code, details, hint, message }, headers)
}

/** A request PostgREST could not parse (bad select, filter, order, limit). */
export function parseError(message: string, details: string | null = null): HttpError {
  return pgrstError(400, 'PGRST100', message, details)
}

/** extra: fields GoTrue adds beside the message, e.g. weak_password: { reasons } */
export function gotrueError(status: number, code: string, msg: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(status, { code, error_code: code, msg, ...extra })
}

export function gatewayError(status: number, message: string, hint: string): HttpError {
  return new HttpError(status, { message, hint })
}

/** What the Postgres driver throws: SQLSTATE and the server's message fields. */
interface PgErrorLike {
  code?: unknown
  message?: unknown
  detail?: unknown
  hint?: unknown
}

export function isPgError(error: unknown): error is PgErrorLike & { code: string } {
  return (
    typeof error === 'object' && error !== null && typeof (error as PgErrorLike).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgErrorLike).code as string)
  )
}

/**
 * PostgREST's SQLSTATE → HTTP status table, except that nothing becomes 503: supabase-js retries a GET
 * answered 503 (and 520) three times, which turns an ordinary error into a seven-second stall.
 */
export function statusForSqlState(code: string, role: string): number {
  const custom = /^PT(\d{3})$/.exec(code)
  if (custom) return Number(custom[1])
  switch (code) {
    case '23503':
    case '23505':
      return 409
    case '25006':
      return 405
    case 'P0001':
      return 400
    case '42501':
      return role === 'anon' ? 401 : 403
    case '42883':
    case '42P01':
      return 404
    case '42P17':
      return 500
  }
  const cls = code.slice(0, 2)
  if (['0L', '0P', '28'].includes(cls)) return 403
  if (['08', '09', '25', '2D', '2F', '39', '3B', '40', '53', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(cls)) {
    return 500
  }
  return 400
}

/** Turns a Postgres error raised inside a PostgREST request into PostgREST's response. */
export function fromPgError(error: PgErrorLike & { code: string }, role: string): HttpError {
  const status = statusForSqlState(error.code, role)
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
  return pgrstError(status, error.code, String(error.message ?? ''), text(error.detail), text(error.hint), headers)
}
