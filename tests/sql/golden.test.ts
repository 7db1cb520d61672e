// The golden cases of tests/fixtures/golden through branch_funding and branch_completeness on PGlite.
// The same files run on PostgreSQL 15 (pg15.test.ts) and through the TypeScript rules (src/domain).
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadGoldenCases } from '../fixtures/golden'
import { createDb } from './db'
import { runGoldenCase } from './golden-runner'

const cases = loadGoldenCases()

describe('golden cases on PGlite', () => {
  let db: PGlite
  beforeAll(async () => { db = await createDb() })
  afterAll(async () => { await db?.close() })

  test.each(cases.map((c) => [c.file, c] as const))('%s', async (_file, golden) => {
    for (const { label, actual, expected } of await runGoldenCase(db, golden)) {
      expect(actual, `${golden.file}: ${label}`).toEqual(expected)
    }
  })
})
