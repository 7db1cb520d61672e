// One-tap templates for the activities a branch records every month or year (SPEC §8). Pure: the clock, the
// branch's last place and its groups come in as arguments; titles come back as i18n keys with parameters.
import { ACTIVITY_KINDS, type Activity, type ActivityKind, type ActivityStatus } from '../../domain'
import { startOfFiveMinutes, shanghaiParts, toShanghaiIso } from './datetime'

/** One per kind of SPEC §3.1 (the theme day comes with its usual assembly and lesson), in the order the chips show. */
export const TEMPLATE_NAMES = ['themeDay', 'assembly', 'lesson', 'committee', 'group', 'orgLife', 'review'] as const
export type TemplateName = (typeof TEMPLATE_NAMES)[number]

/** What /activities/new starts with: the most common real meeting, theme_day + assembly + lesson. */
export const DEFAULT_TEMPLATE: TemplateName = 'themeDay'

export const TEMPLATE_KINDS: Readonly<Record<TemplateName, readonly ActivityKind[]>> = {
  themeDay: ['theme_day', 'assembly', 'lesson'],
  assembly: ['assembly'],
  lesson: ['lesson'],
  committee: ['committee'],
  group: ['group'],
  orgLife: ['org_life'],
  review: ['review'],
}

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && (TEMPLATE_NAMES as readonly string[]).includes(value)
}

/** Templates a branch can use: a committee meeting only with an elected committee, a group meeting only with groups. */
export function availableTemplates(branch: { hasCommittee: boolean; groupCount: number }): TemplateName[] {
  return TEMPLATE_NAMES.filter((name) =>
    (name !== 'committee' || branch.hasCommittee) && (name !== 'group' || branch.groupCount > 0))
}

export interface TemplateContext {
  now: Date
  /** The branch's last used place, or the translated default. */
  place: string
  /** The group a group meeting is for (chosen by the caller, or the only group), else null. */
  group: { id: string; name: string } | null
}

export interface TemplateTitle {
  key: string
  params: { year: number; month: number; group: string }
}

/** The i18n key and parameters of a template's title (the month's theme day, say); a group meeting names its group. */
export function templateTitle(name: TemplateName, startsAt: string, groupName: string | null): TemplateTitle {
  const [year, month] = shanghaiParts(startsAt).date.split('-').map(Number) as [number, number]
  const key = name === 'group' && !groupName ? 'groupNone' : name
  return { key: `activities.templateTitle.${key}`, params: { year, month, group: name === 'group' ? groupName ?? '' : '' } }
}

export interface TemplateFill {
  kinds: ActivityKind[]
  title: TemplateTitle
  status: ActivityStatus
  starts_at: string
  place: string
  group_id: string | null
}

/** The group a group meeting is for: the one wanted, else the branch's only group, else none. */
export function groupFor(groups: readonly { id: string; name: string }[], wanted: string | null): { id: string; name: string } | null {
  const g = groups.find((x) => x.id === wanted) ?? (groups.length === 1 ? groups[0] : undefined)
  return g ? { id: g.id, name: g.name } : null
}

/** The fields a template sets: held, starting now (the five minutes it is in), at the usual place. */
export function applyTemplate(name: TemplateName, ctx: TemplateContext): TemplateFill {
  const starts_at = toShanghaiIso(startOfFiveMinutes(ctx.now))
  const group = name === 'group' ? ctx.group : null
  return {
    kinds: [...TEMPLATE_KINDS[name]],
    title: templateTitle(name, starts_at, group?.name ?? null),
    status: 'held',
    starts_at,
    place: ctx.place,
    group_id: group?.id ?? null,
  }
}

/** The template whose kinds are exactly these, if any (to highlight it while the user edits). */
export function templateOfKinds(kinds: readonly ActivityKind[]): TemplateName | null {
  const key = sortKinds(kinds).join('+')
  return TEMPLATE_NAMES.find((name) => sortKinds(TEMPLATE_KINDS[name]).join('+') === key) ?? null
}

/** Kinds without duplicates, in the glossary order the UI lists them in. */
export function sortKinds(kinds: readonly ActivityKind[]): ActivityKind[] {
  return ACTIVITY_KINDS.filter((k) => kinds.includes(k))
}

/** The place of the branch's most recently written record that names one. */
export function lastUsedPlace(activities: readonly Pick<Activity, 'place' | 'recorded_at'>[]): string | null {
  let best: { place: string; at: number } | null = null
  for (const a of activities) {
    const place = a.place?.trim()
    const at = Date.parse(a.recorded_at)
    if (place && !Number.isNaN(at) && (!best || at > best.at)) best = { place, at }
  }
  return best?.place ?? null
}
