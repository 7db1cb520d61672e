// The attendance record's history (SPEC §6 merge rule): every change the server kept, newest first, so a
// secretary sees a check-in and the later explicit change that replaced it. Pure.
import type { Attendance, AttendanceChange } from '../../domain'

export interface HistoryLine extends AttendanceChange {
  person_id: string
  /** Position in its row's history: 0 is how the row began. */
  index: number
}

export function historyLines(rows: readonly Pick<Attendance, 'person_id' | 'history'>[]): HistoryLine[] {
  const lines: HistoryLine[] = []
  for (const row of rows) {
    (row.history ?? []).forEach((change, index) => lines.push({ ...change, person_id: row.person_id, index }))
  }
  return lines.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.index - a.index))
}
