// The check-in window as the user reads it: "11/20 Fri 13:30 – 17:00" in Shanghai time.
import { checkinWindow, type WindowActivity } from '../../domain/checkin-codes'
import { formatSpan } from '../../components/format'

export function checkinWindowText(activity: WindowActivity, locale: string): string {
  const w = checkinWindow(activity)
  return formatSpan(new Date(w.opensMs).toISOString(), new Date(w.closesMs).toISOString(), locale)
}
