// Dates as committees type them into Excel: 2019-07-01, 2019/7/1, 2019.07.01, 2019年7月1日, 20190701, an
// Excel date cell (a serial day number, or a Date), or a time after the day ("2019-07-01 00:00:00").
// The people table keeps whole days only, so a month alone (201907, 2019年7月) is refused rather than guessed to the 1st.
import type { IsoDate } from '../../domain'

export type DateProblem = 'badDate' | 'monthOnly'
export type ParsedDate = { ok: true; date: IsoDate | null } | { ok: false; problem: DateProblem }

const pad = (n: number) => String(n).padStart(2, '0')

/** 'YYYY-MM-DD' when the day exists in the calendar (no 2月30日), else null. */
export function isoDay(year: number, month: number, day: number): IsoDate | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return `${year}-${pad(month)}-${pad(day)}`
}

/**
 * An Excel serial day (1900 date system: day 1 is 1900-01-01, and Excel counts a 1900-02-29 that never
 * was, so serials from 61 on are one day ahead). Fractions are times of day and are dropped.
 */
export function excelSerialToIso(serial: number): IsoDate | null {
  const whole = Math.floor(serial)
  if (whole < 1 || whole > 401768) return null // 401768: 2999-12-31
  const days = whole < 61 ? whole - 1 : whole - 2
  const d = new Date(Date.UTC(1900, 0, 1) + days * 86_400_000)
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

// \u5e74 \u6708 \u65e5: the characters for year, month and day (2019年7月1日)
const DAY = /^(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*[-/.\u6708]\s*(\d{1,2})\s*\u65e5?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/
const MONTH = /^(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*\u6708?$/
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/
const COMPACT_MONTH = /^(\d{4})(\d{2})$/

function fromText(text: string): ParsedDate {
  const day = DAY.exec(text) ?? COMPACT_DAY.exec(text)
  if (day) {
    const iso = isoDay(Number(day[1]), Number(day[2]), Number(day[3]))
    return iso ? { ok: true, date: iso } : { ok: false, problem: 'badDate' }
  }
  const month = MONTH.exec(text) ?? COMPACT_MONTH.exec(text)
  if (month && isoDay(Number(month[1]), Number(month[2]), 1)) return { ok: false, problem: 'monthOnly' }
  return { ok: false, problem: 'badDate' }
}

/**
 * A Date a spreadsheet library built for a day cell: at midnight UTC (SheetJS with `UTC: true`) its UTC day,
 * otherwise (SheetJS's `cellDates`, local midnight) its local day.
 */
export function dateObjectToIso(d: Date): IsoDate | null {
  if (Number.isNaN(d.getTime())) return null
  const utcMidnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0
  return utcMidnight
    ? isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
    : isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate())
}

/** A cell as a day: empty cells are `date: null`; text, numbers and Date cells as above. */
export function parseImportDate(value: unknown): ParsedDate {
  if (value === null || value === undefined) return { ok: true, date: null }
  if (value instanceof Date) {
    const iso = dateObjectToIso(value)
    return iso ? { ok: true, date: iso } : { ok: false, problem: 'badDate' }
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, problem: 'badDate' }
    // a number typed without a date format: 20190701 or 201907 read as digits, anything smaller as a serial
    if (Number.isInteger(value) && value >= 190001) return fromText(String(value))
    const iso = excelSerialToIso(value)
    return iso ? { ok: true, date: iso } : { ok: false, problem: 'badDate' }
  }
  const text = String(value).normalize('NFKC').trim()
  if (text === '') return { ok: true, date: null }
  return fromText(text)
}
