// The check-in code vectors of tests/fixtures/checkin-codes.json (generated with node:crypto) through the
// TypeScript codes: the same vectors the server's SQL (private.checkin_signature, verify_checkin_code) must meet.
import { describe, expect, test } from 'vitest'
import { makeCode, parseCode, verifyEventCode, type CodeKind } from '../../src/domain'
import vectors from '../fixtures/checkin-codes.json'

const activities = new Map(vectors.activities.map((a) => [a.id, a]))

describe('check-in code vectors', () => {
  test.each(vectors.signatures)('$kind $subject at $at', async ({ key, kind, subject, at, code }) => {
    expect(await makeCode(kind as CodeKind, subject, key, Date.parse(at))).toBe(code)
  })

  test.each(vectors.event_checks)('$why', async ({ activity, token, reason }) => {
    const a = activities.get(activity)
    if (a == null) throw new Error(`no activity ${activity} in the fixture`)
    const check = await verifyEventCode(parseCode(token), a.key, a)
    expect(check.ok ? null : check.reason).toBe(reason)
  })
})
