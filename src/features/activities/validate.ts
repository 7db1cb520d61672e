// The activity form's and the 补学 form's rules, as i18n keys the form shows beside the field (nothing is
// saved on bad input), and the normalisation from what the form holds to the columns the repo writes.
import {
  instantMs, isInstant, isIsoDate, shanghaiDate, type Activity, type ActivityKind, type ActivityStatus, type AttendanceStatus, type IsoDate,
} from '../../domain'

export interface ActivityFormValues {
  kinds: ActivityKind[]
  title: string
  topic: string
  /** ISO timestamps with an offset; null while empty. */
  starts_at: string | null
  ends_at: string | null
  place: string
  host_id: string | null
  /** A roster member as lecturer of a lesson… */
  lecturer_id: string | null
  /** …or an outside speaker's name (never both). */
  lecturer_name: string
  group_id: string | null
  minutes: string
  decisions: string
  status: ActivityStatus
}

export type ActivityFormField = 'kinds' | 'starts_at' | 'ends_at' | 'group_id' | 'lecturer'
export type ActivityFormErrors = Partial<Record<ActivityFormField, string>>

/**
 * Empty when the values may be saved. The database enforces the same (kinds set, group iff group kind,
 * end ≥ start, at most one of lecturer_id / lecturer_name).
 */
export function validateActivity(v: ActivityFormValues): ActivityFormErrors {
  const errors: ActivityFormErrors = {}
  if (v.kinds.length === 0) errors.kinds = 'activities.errors.kinds'
  if (!v.starts_at || !isInstant(v.starts_at)) errors.starts_at = 'activities.errors.startsAt'
  if (v.ends_at && !isInstant(v.ends_at)) errors.ends_at = 'activities.errors.endBeforeStart'
  else if (v.ends_at && v.starts_at && !errors.starts_at && instantMs(v.ends_at) < instantMs(v.starts_at)) {
    errors.ends_at = 'activities.errors.endBeforeStart'
  }
  if (v.kinds.includes('group') && !v.group_id) errors.group_id = 'activities.errors.group'
  if (v.kinds.includes('lesson') && v.lecturer_id && v.lecturer_name.trim()) errors.lecturer = 'activities.errors.lecturerBoth'
  return errors
}

export type ActivityFields = Pick<
  Activity,
  'kinds' | 'title' | 'topic' | 'starts_at' | 'ends_at' | 'place' | 'host_id' | 'lecturer_id' | 'lecturer_name' | 'group_id'
  | 'minutes' | 'decisions' | 'status'
>

const text = (s: string): string | null => (s.trim() === '' ? null : s.trim())

/**
 * The columns to write, from valid values: kinds once each in the order chosen (theme_day first reads
 * as the user said it), blank text becomes null, a group only for a group meeting
 * (the database requires exactly that) and a lecturer only for a lesson.
 * lecturer_name is a later column: it is written only when set, or cleared on a record that had one
 * (`stored`), so records without an outside speaker carry the same fields as before.
 */
export function toActivityFields(v: ActivityFormValues, stored?: Pick<Activity, 'lecturer_name'> | null): ActivityFields {
  if (!v.starts_at) throw new RangeError('validate the form before saving it')
  const kinds = [...new Set(v.kinds)]
  const lecturerName = kinds.includes('lesson') ? text(v.lecturer_name) : null
  return {
    kinds,
    title: text(v.title),
    topic: text(v.topic),
    starts_at: v.starts_at,
    ends_at: v.ends_at || null,
    place: text(v.place),
    host_id: v.host_id,
    lecturer_id: kinds.includes('lesson') && !lecturerName ? v.lecturer_id : null,
    ...(lecturerName !== null || stored?.lecturer_name ? { lecturer_name: lecturerName } : {}),
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
    lecturer_name: a.lecturer_name ?? '',
    group_id: a.group_id,
    minutes: a.minutes ?? '',
    decisions: a.decisions ?? '',
    status: a.status,
  }
}

export function emptyFormValues(): ActivityFormValues {
  return {
    kinds: [], title: '', topic: '', starts_at: null, ends_at: null, place: '', host_id: null, lecturer_id: null,
    lecturer_name: '', group_id: null, minutes: '', decisions: '', status: 'held',
  }
}

export interface MakeupValues {
  /** 'YYYY-MM-DD' as the date input gives it; '' while empty. */
  makeup_on: string
  makeup_note: string
}
export type MakeupField = 'status' | 'makeup_on' | 'makeup_note'
export type MakeupErrors = Partial<Record<MakeupField, string>>

export interface MakeupContext {
  /** The attendance row's status: only someone on leave or absent makes up (the database forbids it otherwise). */
  status: AttendanceStatus
  activityStartsAt: string
  /** Today in Shanghai. */
  today: IsoDate
}

/** 补学 needs a date between the activity's Shanghai day and today, and what was studied (SPEC §3.4). */
export function validateMakeup(v: MakeupValues, ctx: MakeupContext): MakeupErrors {
  const errors: MakeupErrors = {}
  if (ctx.status === 'present') errors.status = 'attendance.makeup.errors.notMissed'
  const date = v.makeup_on.trim()
  if (!isIsoDate(date)) errors.makeup_on = 'attendance.makeup.errors.date'
  else if (date > ctx.today) errors.makeup_on = 'attendance.makeup.errors.future'
  else if (date < shanghaiDate(ctx.activityStartsAt)) errors.makeup_on = 'attendance.makeup.errors.beforeActivity'
  if (!v.makeup_note.trim()) errors.makeup_note = 'attendance.makeup.errors.note'
  return errors
}

/** The attendance fields a valid 补学 writes (the only ones a member may change). */
export function toMakeupFields(v: MakeupValues): { makeup_on: IsoDate; makeup_note: string } {
  return { makeup_on: v.makeup_on.trim(), makeup_note: v.makeup_note.trim() }
}
