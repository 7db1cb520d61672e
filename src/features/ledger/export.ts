// A branch's ledger as CSV for Excel: one line per activity, attendance with names, so the committee's meeting
// can sort and filter it. Pure: the translator and the date formatting come in as arguments.
import type { CsvCell } from '../../domain/csv'
import type { Ledger } from '../../domain/ledger'

type Translate = (key: string, values?: Record<string, unknown>) => string

const COLUMNS = [
  'date', 'kinds', 'title', 'topic', 'place', 'host', 'lecturer', 'expected', 'present', 'leave', 'absent', 'unmarked',
  'presentNames', 'leaveNames', 'absentNames', 'makeup', 'quorum', 'late', 'minutes', 'decisions',
] as const

export function ledgerCsv(ledger: Ledger, t: Translate, when: (iso: string) => string): { header: string[]; rows: CsvCell[][] } {
  const list = (names: readonly string[]) => names.join(t('common.listSep'))
  const rows = ledger.months.flatMap((m) => m.activities.map((a): CsvCell[] => {
    const att = a.attendance
    return [
      when(a.starts_at),
      list(a.kinds.map((k) => t(`kinds.${k}`))),
      a.title, a.topic, a.place, a.host_name, a.lecturer_name,
      att.expected, att.present.length, att.leave.length, att.absent.length, att.unmarked.length,
      list(att.present),
      list(att.leave.map((l) => (l.reason ? t('ledger.withReason', { name: l.name, reason: l.reason }) : l.name))),
      list(att.absent),
      list(att.makeup.map((x) => t('ledger.makeupOn', { name: x.name, on: x.on }))),
      a.quorum ? t(a.quorum.met ? 'ledger.quorumMet' : 'ledger.quorumMissed', { present: a.quorum.present, voting: a.quorum.voting }) : '',
      a.late && a.recorded_at ? t('ledger.lateShort', { at: when(a.recorded_at) }) : '',
      a.minutes, a.decisions,
    ]
  }))
  return { header: COLUMNS.map((c) => t(`ledger.csv.${c}`)), rows }
}
