// The alerts of SPEC §3.4 as rows to show, each linking to where the secretary acts on it: the person in
// the roster, the activity's attendance (补学), the pairing, the late record.
import { activityName, formatStamp } from '../../components/format'
import type { HomeAlertData } from './useHomeAlerts'

type Translate = (key: string, values?: Record<string, unknown>) => string

export interface HomeAlertItem {
  key: string
  testid: string
  title: string
  label: string
  to: string
  tag?: { text: string; type: 'warning' | 'danger' | 'primary' }
}

export interface HomeAlertSections {
  participation: HomeAlertItem[]
  makeup: HomeAlertItem[]
  pairings: HomeAlertItem[]
  late: HomeAlertItem[]
}

/** An item of a section: its key, and its test id `alert-<section>-<key>`. */
const item = (section: string, key: string, shown: Omit<HomeAlertItem, 'key' | 'testid'>): HomeAlertItem =>
  ({ key, testid: `alert-${section}-${key}`, ...shown })

export function alertItems(data: HomeAlertData, t: Translate): HomeAlertSections {
  const { alerts } = data
  const name = (id: string) => data.people.get(id)?.name ?? t('pairings.unknownPerson')
  return {
    participation: alerts.participation.map((a) => item('participation', a.person_id, {
      title: name(a.person_id),
      label: a.last_participated_on ? t('alerts.participation.last', { date: a.last_participated_on })
        : t('alerts.participation.never', { date: a.since }),
      to: `/roster/${a.person_id}`,
      tag: { text: t(`alerts.participation.${a.level}`), type: a.level === 'alert' ? 'danger' : 'warning' },
    })),
    makeup: alerts.makeup.map((m) => {
      const activity = data.activities.get(m.activity_id)
      return item('makeup', m.attendance_id, {
        title: name(m.person_id),
        label: activity ? `${m.activity_on} · ${activityName(activity, t)}` : m.activity_on,
        to: `/activities/${m.activity_id}?tab=attendance`,
        tag: { text: t('alerts.makeup.days', { n: m.days }), type: 'warning' },
      })
    }),
    pairings: alerts.pairings.map((s) => {
      const pairing = data.pairings.get(s.pairing_id)
      return item('pairing', s.pairing_id, {
        title: pairing ? t('pairings.pair', { mentor: name(pairing.mentor_id), mentee: name(pairing.mentee_id) }) : '',
        label: t('alerts.pairings.last', { date: s.last_on }),
        to: `/pairings/${s.pairing_id}`,
        tag: { text: t('alerts.pairings.days', { n: s.days }), type: 'warning' },
      })
    }),
    late: alerts.late.map((a) => {
      const activity = data.activities.get(a.id)
      return item('late', a.id, {
        title: activity ? activityName(activity, t) : '',
        label: t('alerts.late.dates', { startsAt: formatStamp(a.starts_at), recordedAt: formatStamp(a.recorded_at) }),
        to: `/activities/${a.id}`,
        tag: { text: t('alerts.late.tag'), type: 'primary' },
      })
    }),
  }
}
