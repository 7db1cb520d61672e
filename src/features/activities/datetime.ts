// Wall-clock times of activities in Asia/Shanghai (UTC+8 all year, no DST: a fixed offset is exact), whatever
// the phone's own time zone. Pure: the current time always comes in as an argument.
import { instantMs, todayInShanghai, type IsoTimestamp } from '../../domain'

const OFFSET_MS = 8 * 60 * 60 * 1000
const FIVE_MINUTES = 5 * 60 * 1000
const MONTH_RE = /^(\d{4})-(\d{2})$/

/**
 * The start of the five minutes `now` is in, seconds dropped: 14:02 → 14:00, 14:04 → 14:00. Never later than now: a
 * meeting recorded as held "now" at 23:58 stays on its own day (rounding to the nearest put it at 00:00 of the next,
 * after the day the server counted it for).
 */
export function startOfFiveMinutes(now: Date): Date {
  return new Date(Math.floor(now.getTime() / FIVE_MINUTES) * FIVE_MINUTES)
}

/** An instant as a Shanghai timestamp with its offset: '2026-11-20T14:30:00+08:00'. */
export function toShanghaiIso(instant: Date | number): IsoTimestamp {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  return `${new Date(ms + OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

export interface ShanghaiParts {
  /** 'YYYY-MM-DD' */
  date: string
  /** 'HH:mm' */
  time: string
}

/** The Shanghai calendar day and wall-clock time of a timestamp. */
export function shanghaiParts(iso: IsoTimestamp): ShanghaiParts {
  const local = new Date(instantMs(iso) + OFFSET_MS).toISOString()
  return { date: local.slice(0, 10), time: local.slice(11, 16) }
}

/** Back from a day and wall-clock time read in Shanghai; throws RangeError on a malformed value. */
export function fromShanghaiParts(date: string, time: string): IsoTimestamp {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) throw new RangeError(`not a date and time: ${date} ${time}`)
  const iso = `${date}T${time}:00+08:00`
  // round-trip to reject 2026-02-30 or 25:00, which Date would silently roll over
  const back = shanghaiParts(iso)
  if (back.date !== date || back.time !== time) throw new RangeError(`not a date and time: ${date} ${time}`)
  return iso
}

/** The Shanghai month 'YYYY-MM' of an instant. */
export function shanghaiMonth(now: Date): string {
  return todayInShanghai(now).slice(0, 7)
}

export function isMonth(value: unknown): value is string {
  const match = typeof value === 'string' ? MONTH_RE.exec(value) : null
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12
}

/** 'YYYY-MM' moved by n months: ('2026-01', -1) → '2025-12'. */
export function addMonths(month: string, n: number): string {
  const match = MONTH_RE.exec(month)
  if (!match || !isMonth(month)) throw new RangeError(`not a month: ${month}`)
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + n
  const y = Math.floor(index / 12)
  return `${String(y).padStart(4, '0')}-${String(index - y * 12 + 1).padStart(2, '0')}`
}
