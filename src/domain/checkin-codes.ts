// Rotating check-in codes (SPEC §6): a member's QR ('m', keyed per person) and an activity's QR ('e', keyed
// per activity), each an HMAC over a 30-second step. Pure: the time comes in as milliseconds since the epoch.
// The server's side: supabase/migrations/20261201000500_checkin.sql (the keys, private.verify_checkin_code).
import type { Activity } from './types'

/**
 * Code format, also the QR text: `ZB1.<kind>.<subject uuid>.<step>.<sig>`, the uuid in lower case, the step
 * in decimal without leading zeros. `sig` is the first SIG_BYTES bytes of HMAC-SHA-256(key, message),
 * base64url without padding, over the ASCII message `ZB1|<kind>|<subject>|<step>` — the same one the server
 * signs in SQL (private.checkin_signature, supabase/migrations/20261201000500_checkin.sql); the key is its base64url-decoded bytes.
 */
export const CODE_VERSION = 'ZB1'
export const STEP_MS = 30_000
export const SIG_BYTES = 10
/** The smallest key accepted; new keys have KEY_BYTES. */
export const MIN_KEY_BYTES = 16
export const KEY_BYTES = 32
/** Check-in opens this long before the start… */
export const OPEN_BEFORE_START_MS = 30 * 60_000
/** …and, when the activity has no end, closes this long after the start. */
export const OPEN_WITHOUT_END_MS = 3 * 3_600_000

export const CODE_KINDS = ['m', 'e'] as const
/** 'm': a member's code (subject = people.id); 'e': an activity's code (subject = activities.id). */
export type CodeKind = (typeof CODE_KINDS)[number]

export interface ParsedCode {
  kind: CodeKind
  subjectId: string
  step: number
  /** SIG_BYTES bytes. */
  sig: Uint8Array
}

/** The same words as the server's private.verify_checkin_code where they overlap. */
export type CodeFailure = 'malformed' | 'bad_signature' | 'stale' | 'future' | 'other_activity' | 'outside_window'
export type CodeCheck = { ok: true; code: ParsedCode } | { ok: false; reason: CodeFailure }

/** A key that is not base64url of at least MIN_KEY_BYTES bytes: a data error, not a bad scan. */
export class CheckinKeyError extends Error {
  constructor(message = 'check-in key must be base64url of at least 16 bytes') {
    super(message)
    this.name = 'CheckinKeyError'
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const SIG_CHARS = Math.ceil((SIG_BYTES * 8) / 6)
const CODE_RE = new RegExp(`^${CODE_VERSION}\\.([me])\\.(${UUID})\\.(0|[1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{${SIG_CHARS}})$`)
const B64URL_RE = /^[A-Za-z0-9_-]*$/
const UUID_RE = new RegExp(`^${UUID}$`)

export function stepOf(ms: number): number {
  return Math.floor(ms / STEP_MS)
}

export function stepStartMs(step: number): number {
  return step * STEP_MS
}

/** For the countdown under the QR: 30 at the very start of a step, 1 in its last second. */
export function secondsLeftInStep(nowMs: number): number {
  return Math.ceil((stepStartMs(stepOf(nowMs) + 1) - nowMs) / 1000)
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Strict: null for characters outside the alphabet, impossible lengths or non-canonical trailing bits. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!B64URL_RE.test(text) || text.length % 4 === 1) return null
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return toBase64Url(bytes) === text ? bytes : null
}

/** A fresh random key (KEY_BYTES bytes, base64url). Randomness from Web Crypto, not from the clock. */
export function newCheckinKey(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES)))
}

export function isCheckinKey(keyB64: string): boolean {
  const bytes = fromBase64Url(keyB64)
  return bytes != null && bytes.length >= MIN_KEY_BYTES
}

/** The exact bytes that are signed (see the format above). */
export function codeMessage(kind: CodeKind, subjectId: string, step: number): string {
  return `${CODE_VERSION}|${kind}|${subjectId}|${step}`
}

async function sign(message: string, keyB64: string): Promise<Uint8Array> {
  const raw = fromBase64Url(keyB64)
  if (raw == null || raw.length < MIN_KEY_BYTES) throw new CheckinKeyError()
  const key = await globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))
  return new Uint8Array(mac, 0, SIG_BYTES)
}

/** The code to show at `nowMs`. Throws on a subject that is not a uuid or a bad key (programming errors). */
export async function makeCode(kind: CodeKind, subjectId: string, keyB64: string, nowMs: number): Promise<string> {
  const subject = subjectId.toLowerCase()
  if (!UUID_RE.test(subject)) throw new TypeError(`check-in subject must be a uuid: ${subjectId}`)
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new RangeError(`bad time: ${nowMs}`)
  const step = stepOf(nowMs)
  const sig = await sign(codeMessage(kind, subject, step), keyB64)
  return `${CODE_VERSION}.${kind}.${subject}.${step}.${toBase64Url(sig)}`
}

/** Whatever the camera read: null unless it is a well-formed code (no signature check here). */
export function parseCode(text: string): ParsedCode | null {
  const m = CODE_RE.exec(text.trim())
  if (m == null) return null
  const [, kind, subjectId, step, sigText] = m as unknown as [string, CodeKind, string, string, string]
  const sig = fromBase64Url(sigText)
  if (sig == null || sig.length !== SIG_BYTES || !Number.isSafeInteger(Number(step))) return null
  return { kind, subjectId, step: Number(step), sig }
}

/** Compares every byte whatever the first difference, so timing does not reveal how much of a guess was right. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Signature only, whatever the time: what the server checks for an event code that synced late. */
export async function hasValidSignature(code: ParsedCode, keyB64: string): Promise<boolean> {
  const expected = await sign(codeMessage(code.kind, code.subjectId, code.step), keyB64)
  return equalBytes(expected, code.sig)
}

/** Whether the code's step is within `skewSteps` of the step at `nowMs`. */
export function freshness(step: number, nowMs: number, skewSteps = 1): 'ok' | 'stale' | 'future' {
  const now = stepOf(nowMs)
  if (step < now - skewSteps) return 'stale'
  if (step > now + skewSteps) return 'future'
  return 'ok'
}

/**
 * A code scanned just now (the secretary scanning a member's QR): authentic and from the current step ±skewSteps.
 * The signature is checked first, so a forged code is `bad_signature` whatever its step.
 */
export async function verifyCode(
  code: ParsedCode | null,
  keyB64: string,
  nowMs: number,
  { skewSteps = 1 }: { skewSteps?: number } = {},
): Promise<CodeCheck> {
  if (code == null) return { ok: false, reason: 'malformed' }
  if (!(await hasValidSignature(code, keyB64))) return { ok: false, reason: 'bad_signature' }
  const fresh = freshness(code.step, nowMs, skewSteps)
  return fresh === 'ok' ? { ok: true, code } : { ok: false, reason: fresh }
}

export type WindowActivity = Pick<Activity, 'starts_at' | 'ends_at'>
export interface CheckinWindow {
  /** Inclusive, ms since the epoch. */
  opensMs: number
  /** Inclusive, ms since the epoch. */
  closesMs: number
}

/** From 30 min before the start to the end, or to 3 h after the start when the activity has no end. */
export function checkinWindow(
  activity: WindowActivity,
  { openBeforeMs = OPEN_BEFORE_START_MS, openWithoutEndMs = OPEN_WITHOUT_END_MS } = {},
): CheckinWindow {
  const startMs = Date.parse(activity.starts_at)
  if (Number.isNaN(startMs)) throw new RangeError(`bad starts_at: ${activity.starts_at}`)
  const endMs = activity.ends_at == null ? startMs + openWithoutEndMs : Date.parse(activity.ends_at)
  if (Number.isNaN(endMs)) throw new RangeError(`bad ends_at: ${activity.ends_at}`)
  return { opensMs: startMs - openBeforeMs, closesMs: endMs }
}

/**
 * An instant (`{ ms }`) is in the window when opensMs ≤ ms ≤ closesMs; a token's step (`{ step }`) is judged by its
 * own time, the step's start (step × 30 s), as the server does.
 */
export function inWindow(at: { ms: number } | { step: number }, activity: WindowActivity | CheckinWindow): boolean {
  const w = 'opensMs' in activity ? activity : checkinWindow(activity)
  const ms = 'ms' in at ? at.ms : stepStartMs(at.step)
  return w.opensMs <= ms && ms <= w.closesMs
}

/**
 * An activity's code as the server sees it when a member's pending check-in syncs (possibly hours later):
 * authentic, for this activity, and from a step inside its window. Arrival time plays no part (SPEC §6).
 */
export async function verifyEventCode(
  code: ParsedCode | null,
  keyB64: string,
  activity: WindowActivity & { id: string },
): Promise<CodeCheck> {
  if (code == null || code.kind !== 'e') return { ok: false, reason: 'malformed' }
  if (code.subjectId !== activity.id.toLowerCase()) return { ok: false, reason: 'other_activity' }
  if (!(await hasValidSignature(code, keyB64))) return { ok: false, reason: 'bad_signature' }
  return inWindow({ step: code.step }, activity) ? { ok: true, code } : { ok: false, reason: 'outside_window' }
}
