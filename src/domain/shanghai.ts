// Asia/Shanghai calendar helpers (SPEC §3: all dates and periods are Shanghai local time).
// Shanghai has been UTC+8 without daylight saving since 1991, so a fixed offset is exact and needs no tz data.
import type { IsoDate, IsoTimestamp, Period } from './types'

const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
// an offset is required: a bare local time would depend on the machine's time zone
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}(:?\d{2})?)$/
const PERIOD_RE = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/

interface Ymd { y: number; m: number; d: number }

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function parseDate(date: IsoDate): Ymd {
  const match = DATE_RE.exec(date)
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0]
  if (!match || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`not a date: ${date}`)
  return { y, m, d }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
const format = ({ y, m, d }: Ymd): IsoDate => `${pad(y, 4)}-${pad(m)}-${pad(d)}`

/** Whether `check` runs without throwing (the parsers below throw RangeError on what they cannot read). */
function succeeds(check: () => unknown): boolean {
  try {
    check()
    return true
  } catch {
    return false
  }
}

export const isIsoDate = (value: string): boolean => succeeds(() => parseDate(value))

/** Throws RangeError unless `value` is a real 'YYYY-MM-DD' day: string comparisons of dates rely on it. */
export function requireDate(value: string): IsoDate {
  parseDate(value)
  return value
}

/** Whether `value` is a timestamp instantMs reads: with its offset, so the same instant on every device. */
export const isInstant = (value: string): boolean => succeeds(() => instantMs(value))

/** Milliseconds since the epoch of an ISO timestamp with an offset (also Postgres' '2026-03-31 15:30:00+00'). */
export function instantMs(iso: IsoTimestamp): number {
  const normal = iso.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})?$/, (_, h: string, mm?: string) => `${h}:${mm ?? '00'}`)
  const ms = TIMESTAMP_RE.test(iso) ? Date.parse(normal) : NaN
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp with an offset: ${iso}`)
  return ms
}

/** The Shanghai calendar day of an instant: '2026-03-31T16:30:00Z' → '2026-04-01'. */
export function shanghaiDate(iso: IsoTimestamp): IsoDate {
  return new Date(instantMs(iso) + OFFSET_MS).toISOString().slice(0, 10)
}

/** Today in Shanghai; `now` comes in as an argument so that rules stay pure. */
export function todayInShanghai(now: Date): IsoDate {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** A date, or a timestamp taken at its Shanghai day. */
function toDate(dateOrTimestamp: string): IsoDate {
  return DATE_RE.test(dateOrTimestamp) ? dateOrTimestamp : shanghaiDate(dateOrTimestamp)
}

/** '2026-03' (month), '2026-Q1' (quarter) or '2026' (year) of a date or timestamp. */
export function periodLabel(dateOrTimestamp: string, per: Period): string {
  const { y, m } = parseDate(toDate(dateOrTimestamp))
  if (per === 'month') return `${pad(y, 4)}-${pad(m)}`
  if (per === 'quarter') return `${pad(y, 4)}-Q${Math.ceil(m / 3)}`
  return pad(y, 4)
}

/** Every period label of a year, in order. */
export function periodsOfYear(year: number, per: Period): string[] {
  const count = per === 'month' ? 12 : per === 'quarter' ? 4 : 1
  return Array.from({ length: count }, (_, i) => periodLabel(format({ y: year, m: i * (12 / count) + 1, d: 1 }), per))
}

function parsePeriod(label: string): { per: Period; y: number; firstMonth: number } {
  const match = PERIOD_RE.exec(label)
  const month = match?.[2] ? Number(match[2]) : null
  if (!match || (month !== null && (month < 1 || month > 12))) throw new RangeError(`not a period: ${label}`)
  const y = Number(match[1])
  if (month !== null) return { per: 'month', y, firstMonth: month }
  if (match[3]) return { per: 'quarter', y, firstMonth: Number(match[3]) * 3 - 2 }
  return { per: 'year', y, firstMonth: 1 }
}

export function periodKind(label: string): Period {
  return parsePeriod(label).per
}

/** First day of a period: '2026-Q2' → '2026-04-01'. */
export function periodStart(label: string): IsoDate {
  const { y, firstMonth } = parsePeriod(label)
  return format({ y, m: firstMonth, d: 1 })
}

/** Last day of a period: '2026-Q1' → '2026-03-31'. */
export function periodEnd(label: string): IsoDate {
  const { per, y, firstMonth } = parsePeriod(label)
  const months = per === 'month' ? 1 : per === 'quarter' ? 3 : 12
  return addDays(addCalendarMonths(format({ y, m: firstMonth, d: 1 }), months), -1)
}

/** The period just before: '2026-01' → '2025-12', '2026-Q1' → '2025-Q4'. */
export function previousPeriod(label: string): string {
  return periodLabel(addDays(periodStart(label), -1), periodKind(label))
}

const dayNumber = (date: IsoDate): number => {
  const { y, m, d } = parseDate(date)
  return Date.UTC(y, m - 1, d) / DAY_MS
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return new Date((dayNumber(date) + n) * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a)
}

/** Calendar months, clamped to the month's end: 2026-08-31 + 1 → 2026-09-30, + 6 → 2027-02-28. */
export function addCalendarMonths(date: IsoDate, n: number): IsoDate {
  const { y, m, d } = parseDate(date)
  const index = y * 12 + (m - 1) + n
  const ny = Math.floor(index / 12)
  const nm = index - ny * 12 + 1
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) })
}
