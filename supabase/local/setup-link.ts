// The first-run set-up link of an empty project (issue 14): a one-time token from
// public.create_setup_token(), called as the service role exactly as a request with the service key would
// run it, wrapped in the app's /setup URL.
import type { PGlite } from '@electric-sql/pglite'
import { HttpError } from './errors'
import { inRequestTx } from './tx'

/** Vite's dev server (`npm run dev`, vite's default port). */
export const DEFAULT_APP_URL = 'http://127.0.0.1:5173'

export type SetupLink = { ok: true; token: string; url: string } | { ok: false; message: string }

export async function createSetupLink(db: PGlite, appUrl = DEFAULT_APP_URL): Promise<SetupLink> {
  try {
    const token = await inRequestTx(
      db,
      {
        role: 'service_role',
        claims: { role: 'service_role' },
        method: 'POST',
        path: '/rpc/create_setup_token',
        headers: {},
        readOnly: false,
      },
      async (tx) => (await tx.query<{ token: string }>(`select public.create_setup_token() as token`)).rows[0]?.token,
    )
    if (typeof token !== 'string' || token === '') return { ok: false, message: 'create_setup_token() returned no token' }
    const url = new URL('/setup', appUrl)
    url.searchParams.set('token', token)
    return { ok: true, token, url: url.toString() }
  } catch (error) {
    if (error instanceof HttpError && error.body.code === '42883') {
      return {
        ok: false,
        message: 'the set-up token function public.create_setup_token() is missing from this database (its migration is not in yet)',
      }
    }
    const message = error instanceof HttpError ? String(error.body.message) : (error as Error).message
    return { ok: false, message: `create_setup_token() failed: ${message}` }
  }
}
