// How a new activity is filled in: a template sets its kinds, status, start, group, title and place, and the host is
// the secretary. The title and place are only written while the user has not typed over what was last written, so
// data that arrives late (the groups, the place used last) still fills them.
import { computed, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useActivitiesStore } from '../../stores/activities'
import { useSessionStore } from '../../stores/session'
import { monthName } from '../../components/format'
import { useLiveData } from '../../components/useLiveData'
import {
  applyTemplate, availableTemplates, groupFor, lastUsedPlace, templateOfKinds, templateTitle, type TemplateName, type TemplateTitle,
} from './templates'
import type { useBranchData } from '../../components/useBranchData'
import type { ActivityFormValues } from './validate'

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

/** The place the branch's latest record within a year either side names (null until read, or none; unread for an edit). */
function useLastPlace(branchId: Ref<string | null>, isNew: boolean) {
  const store = useActivitiesStore()
  return useLiveData(async () => {
    if (!isNew || !branchId.value) return null
    const now = Date.now()
    return lastUsedPlace(await store.between(branchId.value, new Date(now - YEAR_MS).toISOString(), new Date(now + YEAR_MS).toISOString()))
  }, [branchId], 'activities: last place')
}

/** Writes the title or place a template chose, unless the user has typed over what was written before. */
function autoWriter(values: ActivityFormValues) {
  const written = { title: '', place: '' }
  return (field: 'title' | 'place', value: string) => {
    if (values[field] === written[field]) values[field] = value
    written[field] = value
  }
}

/** The template that fits a kind set the user changed by hand is highlighted; none when none fits. */
function useChosenTemplate(values: ActivityFormValues) {
  const chosen = ref<TemplateName | null>(null)
  watch(() => values.kinds.join('+'), () => {
    if (chosen.value && templateOfKinds(values.kinds) !== chosen.value) chosen.value = null
  })
  return { chosen, highlighted: computed(() => chosen.value ?? templateOfKinds(values.kinds)) }
}

export interface TemplateFillOptions {
  /** A new activity; an edit keeps its stored title and place. */
  isNew: boolean
  /** The group a group meeting is for when several could be (?group=). */
  groupId: string | null
}

export function useTemplateFill(values: ActivityFormValues, branch: ReturnType<typeof useBranchData>, branchId: Ref<string | null>,
  opts: TemplateFillOptions) {
  const { t, locale } = useI18n()
  const session = useSessionStore()
  const recent = useLastPlace(branchId, opts.isNew)
  const write = autoWriter(values)
  const { chosen, highlighted } = useChosenTemplate(values)
  const place = () => recent.data.value ?? t('activities.defaultPlace')
  const group = () => groupFor(branch.groups.data.value ?? [], values.group_id ?? opts.groupId)
  const titleOf = (title: TemplateTitle) => t(title.key, { ...title.params, monthName: monthName(title.params.month, locale.value) })

  function pick(name: TemplateName) {
    const fill = applyTemplate(name, { now: new Date(), place: place(), group: group() })
    chosen.value = name
    Object.assign(values, { kinds: fill.kinds, status: fill.status, starts_at: fill.starts_at, ends_at: null, group_id: fill.group_id })
    write('title', titleOf(fill.title))
    write('place', fill.place)
  }

  watch(() => recent.data.value, () => { if (opts.isNew) write('place', place()) })
  watch(() => [branch.groups.data.value, values.group_id] as const, () => {
    if (chosen.value !== 'group' || !values.starts_at) return
    const g = group()
    if (!values.group_id && g) values.group_id = g.id
    write('title', titleOf(templateTitle('group', values.starts_at, g?.name ?? null)))
  })
  const templates = computed(() => availableTemplates({
    hasCommittee: session.branch?.has_committee ?? false, groupCount: branch.groups.data.value?.length ?? 0,
  }))
  return { templates, template: highlighted, pick }
}

/** The host of a new activity is the secretary's own person, once the roster is on the device. */
export function defaultHost(values: ActivityFormValues, members: Ref<readonly { id: string }[]>) {
  const session = useSessionStore()
  watch(members, (list) => {
    const me = session.memberPerson?.id
    if (values.host_id === null && me && list.some((p) => p.id === me)) values.host_id = me
  }, { immediate: true })
}
