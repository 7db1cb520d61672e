// GoTrue's POST /signup for email + password, as a Supabase project with "Confirm email" off answers it
// (mailer_autoconfirm): the checks in GoTrue's order with its codes and messages, then a confirmed user in
// auth.users (bcrypt through pgcrypto, as the seed makes them) and its 'email' identity. The caller issues
// the session.
import type { Transaction } from '@electric-sql/pglite'
import { gotrueError } from './errors'

/** GoTrue's GOTRUE_PASSWORD_MIN_LENGTH default (Supabase's too). */
export const PASSWORD_MIN_LENGTH = 6
/** bcrypt reads no further: GoTrue refuses longer passwords (counted in bytes). */
const PASSWORD_MAX_BYTES = 72
const EMAIL_MAX_LENGTH = 255
// The shape GoTrue's email check (checkmail.ValidateFormat) accepts: a dot-atom local part, an @, and
// dot-separated host labels of letters, digits and inner hyphens.
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
const EMAIL_FORMAT = new RegExp(`^[a-zA-Z0-9.!#$%&'*+/=?^_\`{|}~-]+@${LABEL}(?:\\.${LABEL})*$`)

export interface SignupParams {
  /** lower-cased, as GoTrue stores it */
  email: string
  password: string
  /** options.data of supabase-js: becomes user_metadata (and identity_data) */
  data: Record<string, unknown>
}

/** GoTrue's validateSignupParams, provider choice and validateEmail, in that order. */
export function signupParams(body: Record<string, unknown>): SignupParams {
  const text = (key: string) => {
    const value = body[key]
    if (value === undefined || value === null) return ''
    if (typeof value !== 'string') throw gotrueError(400, 'bad_json', `Could not parse request body as JSON: ${key} must be a string`)
    return value
  }
  const email = text('email')
  const phone = text('phone')
  const password = text('password')
  const data = body.data ?? {}
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw gotrueError(400, 'bad_json', 'Could not parse request body as JSON: data must be an object')
  }
  if (password === '') throw gotrueError(400, 'validation_failed', 'Signup requires a valid password')
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    throw gotrueError(400, 'validation_failed', `Password cannot be longer than ${PASSWORD_MAX_BYTES} characters`)
  }
  if (Buffer.byteLength(password, 'utf8') < PASSWORD_MIN_LENGTH) {
    throw gotrueError(422, 'weak_password', `Password should be at least ${PASSWORD_MIN_LENGTH} characters.`, {
      weak_password: { reasons: ['length'] },
    })
  }
  if (email !== '' && phone !== '') {
    throw gotrueError(400, 'validation_failed', 'Only an email address or phone number should be provided on signup.')
  }
  if (email === '' && phone !== '') throw gotrueError(400, 'phone_provider_disabled', 'Phone signups are disabled')
  if (email === '') throw gotrueError(400, 'validation_failed', 'Sign up only available with email provider')
  if (email.length > EMAIL_MAX_LENGTH) throw gotrueError(400, 'validation_failed', 'An email address is too long')
  if (!EMAIL_FORMAT.test(email)) {
    throw gotrueError(400, 'validation_failed', 'Unable to validate email address: invalid format')
  }
  return { email: email.toLowerCase(), password, data: data as Record<string, unknown> }
}

/**
 * A confirmed email user and its identity; their id. A taken address (any case, any state) is GoTrue's
 * 422 user_already_exists — with autoconfirm on it never answers a fake user instead.
 */
export async function createEmailUser(tx: Transaction, params: SignupParams): Promise<string> {
  const { rows: taken } = await tx.query(
    `select 1 from auth.users u
      where u.instance_id = '00000000-0000-0000-0000-000000000000' and u.aud = 'authenticated'
        and lower(u.email) = $1 and not u.is_sso_user
     union all
     select 1 from auth.identities i join auth.users u on u.id = i.user_id
      where i.email = $1 and u.aud = 'authenticated' and not u.is_sso_user
     limit 1`,
    [params.email],
  )
  if (taken.length > 0) throw gotrueError(422, 'user_already_exists', 'User already registered')
  const { rows } = await tx.query<{ id: string }>(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
                             raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
                             confirmation_token, recovery_token, email_change_token_new, email_change)
     values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
             extensions.crypt($2, extensions.gen_salt('bf')), now(), now(),
             '{"provider":"email","providers":["email"]}', $3::jsonb || '{"email_verified":true}', now(), now(),
             '', '', '', '')
     returning id`,
    [params.email, params.password, JSON.stringify(params.data)],
  )
  const id = rows[0]!.id
  // GoTrue's identity_data: the provider claims first, then the sign-up data for keys the claims lack.
  await tx.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1::text, $1::uuid,
             $3::jsonb || jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', false, 'phone_verified', false),
             'email', now(), now(), now())`,
    [id, params.email, JSON.stringify(params.data)],
  )
  return id
}
