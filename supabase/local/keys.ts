// The Supabase CLI's well-known local values (public, for local use only; SPEC §10), so that `supabase start`
// and this backend are interchangeable for the app, its tests and its tools.

export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'

/** HS256 of {"iss":"supabase-demo","role":"anon","exp":1983812996} with JWT_SECRET. */
export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

/** HS256 of {"iss":"supabase-demo","role":"service_role","exp":1983812996} with JWT_SECRET (checked by a test). */
export const SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'

export const DEFAULT_PORT = 54321
export const DEFAULT_HOST = '127.0.0.1'

export const DEMO_PASSWORD = 'zhibu-demo'
export const DEMO_ACCOUNTS = [
  { email: 'secretary@demo.zhibu', what: 'secretary of a branch with two groups' },
  { email: 'member@demo.zhibu', what: 'member of that branch' },
  { email: 'reviewer@demo.zhibu', what: 'reviewer of the hospital committee' },
  { email: 'finance@demo.zhibu', what: 'finance of the hospital committee' },
] as const
