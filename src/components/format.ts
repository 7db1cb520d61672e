// Display formats, always in Asia/Shanghai whatever the device's zone (SPEC §3: dates are Shanghai dates): fixed
// stamps ('2026-12-04 14:30', for logs and history), localised dates and times (activities), money, and an
// activity's name.
import { instantMs, type Activity } from '../domain'

const stamp = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
})

/** '2026-12-04 14:30' in Shanghai time, the same in every language: when something happened (logs, history). */
export function formatStamp(iso: string | null | undefined): string {
  return iso ? stamp.format(new Date(iso)).replace(/\//g, '-') : ''
}

/** Fen as yuan with two decimals and thousands separators: 100050 → "1,000.50". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

const ZONE = 'Asia/Shanghai'
const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, kind: 'dateTime' | 'date' | 'time' | 'month'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`
  let f = cache.get(key)
  if (!f) {
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const
    const options: Intl.DateTimeFormatOptions =
      kind === 'time' ? time
        : kind === 'date' ? { month: 'numeric', day: 'numeric', weekday: 'short' }
          : kind === 'month' ? { month: 'long' }
            : { year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', ...time }
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: ZONE })
    cache.set(key, f)
  }
  return f
}

/** '2026/11/20 Fri 14:30'-like, localised. */
export const formatDateTime = (iso: string, locale: string): string => formatter(locale, 'dateTime').format(instantMs(iso))

/** Start (with day) and end time of an activity; the end with its own day when it falls on another one. */
export function formatSpan(startsAt: string, endsAt: string | null, locale: string): string {
  const start = `${formatter(locale, 'date').format(instantMs(startsAt))} ${formatter(locale, 'time').format(instantMs(startsAt))}`
  if (!endsAt) return start
  const sameDay = formatter(locale, 'date').format(instantMs(startsAt)) === formatter(locale, 'date').format(instantMs(endsAt))
  const end = sameDay ? formatter(locale, 'time').format(instantMs(endsAt)) : formatDateTime(endsAt, locale)
  return `${start} – ${end}`
}

/** The month's name in the UI language (for the English titles: 'November'). */
export function monthName(month: number, locale: string): string {
  return formatter(locale, 'month').format(Date.UTC(2000, month - 1, 15))
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>()

/** A calendar day 'YYYY-MM-DD' (补学) as '2026/11/25'-like, localised; read as a plain day, never shifted by a zone. */
export function formatDay(date: string, locale: string): string {
  let f = dayFormatters.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' })
    dayFormatters.set(locale, f)
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return f.format(Date.UTC(y, m - 1, d))
}

/** The Shanghai day of an instant, short: '11月20日周五' / 'Fri, 11/20'. */
export const formatShortDate = (iso: string, locale: string): string => formatter(locale, 'date').format(instantMs(iso))

/** How 今日 and the member's screens name an activity: its title, else its kinds ("主题党日 + 党员大会"). */
export function activityName(activity: Pick<Activity, 'title' | 'kinds'>, t: (key: string) => string): string {
  return activity.title || activity.kinds.map((k) => t(`kinds.${k}`)).join(' + ')
}
