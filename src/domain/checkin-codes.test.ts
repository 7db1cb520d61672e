import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CheckinKeyError, SIG_BYTES, checkinWindow, fromBase64Url, inWindow, isCheckinKey, makeCode, newCheckinKey,
  parseCode, secondsLeftInStep, stepOf, toBase64Url, verifyCode, verifyEventCode, type ParsedCode,
} from './checkin-codes'

// A fixed clock: 2026-11-23 10:00:00 in Shanghai, a step boundary.
const T0 = Date.parse('2026-11-23T02:00:00Z')
const STEP0 = 59_846_640
const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8' // bytes 0x00..0x1f
const OTHER_KEY = toBase64Url(new Uint8Array(32).fill(7))
const MEMBER = '3f0c6f5e-8d1a-4c2b-9e7f-0a1b2c3d4e5f'
const OTHER_MEMBER = '9b2e4c1a-0d3f-4e5a-8b6c-7d8e9f0a1b2c'
const ACTIVITY = 'c0ffee00-1234-4abc-8def-0123456789ab'

const parsed = (text: string): ParsedCode => {
  const code = parseCode(text)
  if (code == null) throw new Error(`not a code: ${text}`)
  return code
}
const verifyAt = async (madeAt: number, checkedAt: number, key = KEY) =>
  verifyCode(parseCode(await makeCode('m', MEMBER, KEY, madeAt)), key, checkedAt)

describe('makeCode / parseCode', () => {
  it('matches a known answer (HMAC-SHA-256 by node:crypto, first 10 bytes, base64url)', async () => {
    const code = await makeCode('m', MEMBER, KEY, T0)
    expect(code).toBe(`ZB1.m.${MEMBER}.${STEP0}.0G___KR8KXvSgQ`)
    const mac = createHmac('sha256', Buffer.from(KEY, 'base64url')).update(`ZB1|m|${MEMBER}|${STEP0}`).digest()
    expect(code).toBe(`ZB1.m.${MEMBER}.${STEP0}.${mac.subarray(0, SIG_BYTES).toString('base64url')}`)
  })

  it('truncates the signature to 10 bytes (≥ 8) and round-trips through parseCode', async () => {
    const code = parsed(await makeCode('e', ACTIVITY.toUpperCase(), KEY, T0))
    expect(code.sig.length).toBe(10)
    expect(code).toMatchObject({ kind: 'e', subjectId: ACTIVITY, step: STEP0 })
  })

  it('changes exactly at a step start, not 1 ms before', async () => {
    expect(parsed(await makeCode('m', MEMBER, KEY, T0)).step).toBe(STEP0)
    expect(parsed(await makeCode('m', MEMBER, KEY, T0 - 1)).step).toBe(STEP0 - 1)
    expect(parsed(await makeCode('m', MEMBER, KEY, T0 + 29_999)).step).toBe(STEP0)
    expect(await makeCode('m', MEMBER, KEY, T0 + 29_999)).toBe(await makeCode('m', MEMBER, KEY, T0))
    expect(await makeCode('m', MEMBER, KEY, T0 + 30_000)).not.toBe(await makeCode('m', MEMBER, KEY, T0))
  })

  it('refuses a key that is too short or not base64url, and a subject that is not a uuid', async () => {
    await expect(makeCode('m', MEMBER, toBase64Url(new Uint8Array(15)), T0)).rejects.toBeInstanceOf(CheckinKeyError)
    await expect(makeCode('m', MEMBER, 'not+base64/', T0)).rejects.toBeInstanceOf(CheckinKeyError)
    await expect(makeCode('m', 'p1', KEY, T0)).rejects.toThrow(TypeError)
  })

  it('reads garbage as null', async () => {
    const good = await makeCode('m', MEMBER, KEY, T0)
    const bad = [
      '', 'hello', 'https://example.com/', good.replace('ZB1', 'ZB2'), good.replace('.m.', '.x.'),
      good.slice(0, -1), `${good}A`, good.replace(`.${STEP0}.`, `.0${STEP0}.`), good.replace(`.${STEP0}.`, '.-1.'),
      good.replace(MEMBER, MEMBER.replace(/-/g, '')), good.replace(/.$/, '+'),
      // base64url with non-zero trailing bits: decodes to the same bytes but is not the canonical text
      good.replace(/.$/, 'R'), `${good}\u0000`, good.replace(/\./g, '|'),
    ]
    for (const text of bad) expect(parseCode(text), text).toBeNull()
    expect(parseCode(` ${good}\n`)).not.toBeNull()
  })
})

describe('verifyCode', () => {
  it('accepts the current step and ±1, refuses ±2', async () => {
    const S = 30_000
    expect(await verifyAt(T0, T0)).toMatchObject({ ok: true })
    expect(await verifyAt(T0, T0 + S)).toMatchObject({ ok: true })
    expect(await verifyAt(T0, T0 - S)).toMatchObject({ ok: true })
    expect(await verifyAt(T0, T0 + 2 * S - 1)).toMatchObject({ ok: true })
    expect(await verifyAt(T0, T0 + 2 * S)).toEqual({ ok: false, reason: 'stale' })
    expect(await verifyAt(T0, T0 - S - 1)).toEqual({ ok: false, reason: 'future' })
    expect(await verifyAt(T0, T0 + 2 * 60_000)).toEqual({ ok: false, reason: 'stale' })
    expect(await verifyCode(parseCode(await makeCode('m', MEMBER, KEY, T0)), KEY, T0 + 2 * S, { skewSteps: 2 }))
      .toMatchObject({ ok: true })
  })

  it('refuses a flipped signature byte, another subject, another kind and the wrong key', async () => {
    const code = parsed(await makeCode('m', MEMBER, KEY, T0))
    for (let i = 0; i < SIG_BYTES; i++) {
      const sig = Uint8Array.from(code.sig)
      sig[i] = (sig[i] ?? 0) ^ 0x01
      expect(await verifyCode({ ...code, sig }, KEY, T0)).toEqual({ ok: false, reason: 'bad_signature' })
    }
    expect(await verifyCode({ ...code, subjectId: OTHER_MEMBER }, KEY, T0)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyCode({ ...code, kind: 'e' }, KEY, T0)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyCode({ ...code, step: STEP0 + 1 }, KEY, T0)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyAt(T0, T0, OTHER_KEY)).toEqual({ ok: false, reason: 'bad_signature' })
    // another member's genuine code, checked against this member's key
    const theirs = parseCode(await makeCode('m', OTHER_MEMBER, OTHER_KEY, T0))
    expect(await verifyCode(theirs, KEY, T0)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('checks the signature before the time, and reads null as malformed', async () => {
    const code = parsed(await makeCode('m', MEMBER, KEY, T0))
    expect(await verifyCode(code, OTHER_KEY, T0 + 3_600_000)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyCode(null, KEY, T0)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('any key, subject and time', () => {
  it('round-trips and verifies within one step, and no single flipped bit passes', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.uuid(), fc.constantFrom<'m' | 'e'>('m', 'e'),
      fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: SIG_BYTES * 8 - 1 }),
      async (keyBytes, subject, kind, now, bit) => {
        const key = toBase64Url(keyBytes)
        const code = parsed(await makeCode(kind, subject, key, now))
        expect(code).toMatchObject({ kind, subjectId: subject, step: stepOf(now) })
        expect((await verifyCode(code, key, now + 30_000)).ok).toBe(true)
        const sig = Uint8Array.from(code.sig)
        sig[bit >> 3] = (sig[bit >> 3] ?? 0) ^ (1 << (bit & 7))
        expect(await verifyCode({ ...code, sig }, key, now)).toEqual({ ok: false, reason: 'bad_signature' })
      },
    ), { numRuns: 100 })
  })
})

describe('keys', () => {
  it('makes 32 random bytes in base64url and recognises valid keys', () => {
    const a = newCheckinKey()
    expect(fromBase64Url(a)?.length).toBe(32)
    expect(a).not.toBe(newCheckinKey())
    expect(isCheckinKey(a)).toBe(true)
    expect(isCheckinKey(toBase64Url(new Uint8Array(16)))).toBe(true)
    expect(isCheckinKey(toBase64Url(new Uint8Array(15)))).toBe(false)
    expect(isCheckinKey('AAAA=')).toBe(false)
  })
})

describe('secondsLeftInStep', () => {
  it('counts 30 at a step start down to 1 in its last second', () => {
    expect(secondsLeftInStep(T0)).toBe(30)
    expect(secondsLeftInStep(T0 + 1)).toBe(30)
    expect(secondsLeftInStep(T0 + 1_000)).toBe(29)
    expect(secondsLeftInStep(T0 - 1)).toBe(1)
    expect(stepOf(T0 - 1)).toBe(STEP0 - 1)
  })
})

describe('checkinWindow / inWindow', () => {
  const start = '2026-11-23T14:30:00+08:00'
  const startMs = Date.parse(start)
  const withEnd = { starts_at: start, ends_at: '2026-11-23T16:00:00+08:00' }
  const noEnd = { starts_at: start, ends_at: null }

  it('opens 30 min before the start (inclusive) and closes at the end (inclusive)', () => {
    const opens = startMs - 30 * 60_000
    const closes = Date.parse(withEnd.ends_at)
    expect(checkinWindow(withEnd)).toEqual({ opensMs: opens, closesMs: closes })
    expect(inWindow({ ms: opens }, withEnd)).toBe(true)
    expect(inWindow({ ms: opens - 1 }, withEnd)).toBe(false)
    expect(inWindow({ ms: closes }, withEnd)).toBe(true)
    expect(inWindow({ ms: closes + 1 }, withEnd)).toBe(false)
  })

  it('closes 3 h after the start when there is no end', () => {
    const closes = startMs + 3 * 3_600_000
    expect(checkinWindow(noEnd).closesMs).toBe(closes)
    expect(inWindow({ ms: closes }, noEnd)).toBe(true)
    expect(inWindow({ ms: closes + 1 }, noEnd)).toBe(false)
  })

  it('judges a token by its own step: the step starting at the opening or at the end is in, the ones around are out', () => {
    const w = checkinWindow(withEnd)
    expect(inWindow({ step: stepOf(w.opensMs) }, withEnd)).toBe(true)
    expect(inWindow({ step: stepOf(w.opensMs) - 1 }, withEnd)).toBe(false)
    expect(inWindow({ step: stepOf(w.closesMs) }, w)).toBe(true)
    expect(inWindow({ step: stepOf(w.closesMs) + 1 }, w)).toBe(false)
    // an opening in the middle of a step: that step started before it, so only the next one counts
    const odd = { starts_at: '2026-11-23T14:30:10+08:00', ends_at: null }
    expect(inWindow({ step: stepOf(checkinWindow(odd).opensMs) }, odd)).toBe(false)
    expect(inWindow({ step: stepOf(checkinWindow(odd).opensMs) + 1 }, odd)).toBe(true)
  })

  it('refuses timestamps it cannot read', () => {
    expect(() => checkinWindow({ starts_at: 'soon', ends_at: null })).toThrow(RangeError)
  })
})

describe('verifyEventCode', () => {
  const activity = { id: ACTIVITY, starts_at: '2026-11-23T10:30:00+08:00', ends_at: '2026-11-23T12:00:00+08:00' }
  const opens = Date.parse(activity.starts_at) - 30 * 60_000 // = T0

  it('uses the token step, not the time it reaches the server', async () => {
    const code = parseCode(await makeCode('e', ACTIVITY, KEY, opens))
    expect(await verifyEventCode(code, KEY, activity)).toMatchObject({ ok: true })
    const early = parseCode(await makeCode('e', ACTIVITY, KEY, opens - 1))
    expect(await verifyEventCode(early, KEY, activity)).toEqual({ ok: false, reason: 'outside_window' })
    const atEnd = parseCode(await makeCode('e', ACTIVITY, KEY, Date.parse(activity.ends_at)))
    expect(await verifyEventCode(atEnd, KEY, activity)).toMatchObject({ ok: true })
  })

  it('refuses a member code, another activity’s code, a forged signature and null', async () => {
    expect(await verifyEventCode(parseCode(await makeCode('m', ACTIVITY, KEY, T0)), KEY, activity))
      .toEqual({ ok: false, reason: 'malformed' })
    expect(await verifyEventCode(parseCode(await makeCode('e', OTHER_MEMBER, KEY, T0)), KEY, activity))
      .toEqual({ ok: false, reason: 'other_activity' })
    expect(await verifyEventCode(parseCode(await makeCode('e', ACTIVITY, OTHER_KEY, T0)), KEY, activity))
      .toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyEventCode(null, KEY, activity)).toEqual({ ok: false, reason: 'malformed' })
  })
})
