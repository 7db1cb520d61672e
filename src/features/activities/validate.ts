// The activity form's rules, as i18n keys the form shows beside the field (nothing is saved on bad input),
// and the normalisation from what the form holds to the columns the repo writes.
import { instantMs, type Activity, type ActivityKind, type ActivityStatus } from '../../domain'

export interface ActivityFormValues {
  kinds: ActivityKind[]
  title: string
  topic: string
  /** ISO timestamps with an offset; null while empty. */
  starts_at: string | null
  ends_at: string | null
  place: string
  host_id: string | null
  lecturer_id: string | null
  group_id: string | null
  minutes: string
  decisions: string
  status: ActivityStatus
}

export type ActivityFormField = 'kinds' | 'starts_at' | 'ends_at' | 'group_id'
export type ActivityFormErrors = Partial<Record<ActivityFormField, string>>

const parses = (iso: string): boolean => {
  try {
    instantMs(iso)
    return true
  } catch {
    return false
  }
}

/** Empty when the values may be saved. The database enforces the same (kinds set, group iff group kind, end ≥ start). */
export function validateActivity(v: ActivityFormValues): ActivityFormErrors {
  const errors: ActivityFormErrors = {}
  if (v.kinds.length === 0) errors.kinds = 'activities.errors.kinds'
  if (!v.starts_at || !parses(v.starts_at)) errors.starts_at = 'activities.errors.startsAt'
  if (v.ends_at && !parses(v.ends_at)) errors.ends_at = 'activities.errors.endBeforeStart'
  else if (v.ends_at && v.starts_at && !errors.starts_at && instantMs(v.ends_at) < instantMs(v.starts_at)) {
    errors.ends_at = 'activities.errors.endBeforeStart'
  }
  if (v.kinds.includes('group') && !v.group_id) errors.group_id = 'activities.errors.group'
  return errors
}

export type ActivityFields = Pick<
  Activity,
  'kinds' | 'title' | 'topic' | 'starts_at' | 'ends_at' | 'place' | 'host_id' | 'lecturer_id' | 'group_id'
  | 'minutes' | 'decisions' | 'status'
>

const text = (s: string): string | null => (s.trim() === '' ? null : s.trim())

/**
 * The columns to write, from valid values: kinds once each in the order chosen (theme_day first reads
 * as the user said it), blank text becomes null, a group only for a group meeting
 * (the database requires exactly that) and a lecturer only for a lesson.
 */
export function toActivityFields(v: ActivityFormValues): ActivityFields {
  if (!v.starts_at) throw new RangeError('validate the form before saving it')
  const kinds = [...new Set(v.kinds)]
  return {
    kinds,
    title: text(v.title),
    topic: text(v.topic),
    starts_at: v.starts_at,
    ends_at: v.ends_at || null,
    place: text(v.place),
    host_id: v.host_id,
    lecturer_id: kinds.includes('lesson') ? v.lecturer_id : null,
    group_id: kinds.includes('group') ? v.group_id : null,
    minutes: text(v.minutes),
    decisions: text(v.decisions),
    status: v.status,
  }
}

/** The form's values for a stored activity (editing). */
export function toFormValues(a: ActivityFields): ActivityFormValues {
  return {
    kinds: [...new Set(a.kinds)],
    title: a.title ?? '',
    topic: a.topic ?? '',
    starts_at: a.starts_at,
    ends_at: a.ends_at,
    place: a.place ?? '',
    host_id: a.host_id,
    lecturer_id: a.lecturer_id,
    group_id: a.group_id,
    minutes: a.minutes ?? '',
    decisions: a.decisions ?? '',
    status: a.status,
  }
}

export function emptyFormValues(): ActivityFormValues {
  return {
    kinds: [], title: '', topic: '', starts_at: null, ends_at: null, place: '', host_id: null, lecturer_id: null,
    group_id: null, minutes: '', decisions: '', status: 'held',
  }
}
