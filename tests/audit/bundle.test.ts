// No service key in what ships (issue 15 item 7, SPEC §10): the production build, every file of it, holds neither
// the local service-role key nor the JWT secret nor any JWT that claims role service_role.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { JWT_SECRET, SERVICE_ROLE_KEY } from '../../supabase/local/keys'
import { projectRoot } from '../sql/db'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Every JWT-looking string whose payload decodes to a role. */
function jwtRoles(text: string): string[] {
  return [...text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+/g)].flatMap((m) => {
    try {
      const role = (JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as { role?: unknown }).role
      return typeof role === 'string' ? [role] : []
    } catch {
      return []
    }
  })
}

describe('the production bundle', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'zhibu-bundle-'))
  let files: { path: string; text: string }[] = []
  beforeAll(async () => {
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      await build({ root: projectRoot, mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } })
    } finally {
      process.env.NODE_ENV = nodeEnv
    }
    files = filesUnder(outDir).map((path) => ({ path, text: readFileSync(path, 'latin1') }))
  })
  afterAll(() => rmSync(outDir, { recursive: true, force: true }))

  test('holds no service key, no JWT secret, and only anon JWTs', () => {
    expect(files.length).toBeGreaterThan(5)
    expect(files.filter((f) => f.text.includes(SERVICE_ROLE_KEY)).map((f) => f.path)).toEqual([])
    expect(files.filter((f) => f.text.includes(JWT_SECRET)).map((f) => f.path)).toEqual([])
    const roles = new Set(files.flatMap((f) => jwtRoles(f.text)))
    expect([...roles]).toEqual(['anon'])
  })
})
