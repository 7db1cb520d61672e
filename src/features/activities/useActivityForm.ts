// The state behind the activity form: a template fills it for a new activity, a stored row for an edit;
// save validates, then writes through the activities store (row + outbox in one transaction) and says where to go.
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Activity } from '../../domain'
import { useActivitiesStore, type ActivityPhoto } from '../../stores/activities'
import { useSessionStore } from '../../stores/session'
import { toShanghaiIso } from './datetime'
import { monthName } from '../../components/format'
import {
  applyTemplate, availableTemplates, DEFAULT_TEMPLATE, lastUsedPlace, templateOfKinds, templateTitle, type TemplateName, type TemplateTitle,
} from './templates'
import { useBranchData } from './useBranchData'
import { useLiveData } from '../../components/useLiveData'
import { usePhotoIntake } from './usePhotoIntake'
import {
  emptyFormValues, toActivityFields, toFormValues, validateActivity, type ActivityFormErrors, type ActivityFormValues,
} from './validate'

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

export interface ActivityFormOptions {
  /** The activity being edited; null for a new one. */
  id: string | null
  template?: TemplateName
  /** Preselected group for a group meeting (?group=). */
  groupId?: string | null
}

export function useActivityForm(opts: ActivityFormOptions) {
  const { t, locale } = useI18n()
  const session = useSessionStore()
  const store = useActivitiesStore()
  const branchId = computed(() => session.branchId)
  const branch = useBranchData(branchId)
  const values = reactive<ActivityFormValues>(emptyFormValues())
  const errors = ref<ActivityFormErrors>({})
  const state = ref<'loading' | 'ready' | 'notFound' | 'error'>(opts.id ? 'loading' : 'ready')
  const saving = ref(false)
  const template = ref<TemplateName | null>(null)
  // a new activity has its id from the start, so photos taken before saving already belong to it
  const newId = opts.id ? null : crypto.randomUUID()
  let stored: Pick<Activity, 'lecturer_name' | 'status'> | null = null
  const photos = usePhotoIntake()
  /** Photos of a new activity, stored with it on save (shallow: IndexedDB cannot clone Vue's proxies). */
  const stagedPhotos = shallowRef<ActivityPhoto[]>([])
  async function addPhotos(files: File[]) {
    if (newId) stagedPhotos.value = [...stagedPhotos.value, ...await photos.intake(files, newId)]
  }
  const removePhoto = (id: string) => { stagedPhotos.value = stagedPhotos.value.filter((p) => p.id !== id) }
  // what the template last wrote, to know whether the user has typed over it
  const auto = { title: '', place: '' }

  const templates = computed(() => availableTemplates({
    hasCommittee: session.branch?.has_committee ?? false, groupCount: branch.groups.data.value?.length ?? 0,
  }))
  const highlighted = computed(() => template.value ?? templateOfKinds(values.kinds))
  const members = computed(() => (branch.people.data.value ?? []).filter((p) => !p.left_branch_on))

  const recent = useLiveData(async () => {
    if (opts.id || !branchId.value) return null
    const now = Date.now()
    return lastUsedPlace(await store.between(branchId.value, new Date(now - YEAR_MS).toISOString(), new Date(now + YEAR_MS).toISOString()))
  }, [branchId], 'activities: last place')
  const defaultPlace = () => recent.data.value ?? t('activities.defaultPlace')

  function chosenGroup(): { id: string; name: string } | null {
    const groups = branch.groups.data.value ?? []
    const wanted = values.group_id ?? opts.groupId ?? null
    const g = groups.find((x) => x.id === wanted) ?? (groups.length === 1 ? groups[0] : undefined)
    return g ? { id: g.id, name: g.name } : null
  }

  function titleOf(title: TemplateTitle): string {
    return t(title.key, { ...title.params, monthName: monthName(title.params.month, locale.value) })
  }
  function setAuto(field: 'title' | 'place', value: string) {
    if (values[field] === auto[field]) values[field] = value
    auto[field] = value
  }

  function pick(name: TemplateName) {
    const fill = applyTemplate(name, { now: new Date(), place: defaultPlace(), group: chosenGroup() })
    template.value = name
    values.kinds = fill.kinds
    values.status = fill.status
    values.starts_at = fill.starts_at
    values.ends_at = null
    values.group_id = fill.group_id
    setAuto('title', titleOf(fill.title))
    setAuto('place', fill.place)
    errors.value = {}
  }

  // late-arriving data (groups, the last place) fills what the user has not typed over
  watch(() => recent.data.value, () => {
    if (!opts.id) setAuto('place', defaultPlace())
  })
  watch(() => [branch.groups.data.value, values.group_id] as const, () => {
    if (opts.id || template.value !== 'group' || !values.starts_at) return
    const g = chosenGroup()
    if (!values.group_id && g) values.group_id = g.id
    setAuto('title', titleOf(templateTitle('group', values.starts_at, g?.name ?? null)))
  })
  // the host defaults to the secretary's own person once the roster is on the device
  watch(members, (list) => {
    const me = session.memberPerson?.id
    if (!opts.id && values.host_id === null && me && list.some((p) => p.id === me)) values.host_id = me
  }, { immediate: true })
  // a hand-edited kind set no longer is the template
  watch(() => values.kinds.join('+'), () => {
    if (template.value && templateOfKinds(values.kinds) !== template.value) template.value = null
  })

  async function load() {
    if (!opts.id) {
      pick(opts.template ?? DEFAULT_TEMPLATE)
      return
    }
    try {
      const row = await store.activity(opts.id)
      if (!row || row.deleted_at) {
        state.value = 'notFound'
        return
      }
      stored = row
      Object.assign(values, toFormValues(row))
      state.value = 'ready'
    } catch (error) {
      console.error('activities: loading the activity to edit failed', opts.id, error)
      state.value = 'error'
    }
  }

  /** Validates and writes; returns the saved activity's id and status, or null when the input is invalid. */
  async function save(): Promise<{ id: string; status: ActivityFormValues['status']; isNew: boolean; photosStored: boolean; photosError?: unknown } | null> {
    errors.value = validateActivity(values)
    if (Object.keys(errors.value).length > 0) return null
    if (!branchId.value) throw new Error('no branch')
    saving.value = true
    try {
      const fields = toActivityFields(values, stored)
      if (opts.id) {
        await store.update(opts.id, fields)
        return { id: opts.id, status: fields.status, isNew: false, photosStored: true }
      }
      const id = newId ?? crypto.randomUUID()
      await store.record({ id, branch_id: branchId.value, ...fields, received_at: null }, [])
      // the event code's key is made now, on this device, so the code can be shown offline (SPEC §6); the code
      // screen makes one too if this fails, so a failure here only costs a log line
      await store.ensureEventKey(id, branchId.value)
        .catch((error: unknown) => console.error('activities: event key not stored', id, error))
      const photosError = await storeStagedPhotos()
      return { id, status: fields.status, isNew: true, photosStored: photosError === null, photosError }
    } finally {
      saving.value = false
    }
  }

  /** The error when the photos could not be stored (null: stored): the activity itself is saved, the user is told. */
  async function storeStagedPhotos(): Promise<unknown> {
    if (!stagedPhotos.value.length) return null
    try {
      await store.addPhotos(stagedPhotos.value)
      stagedPhotos.value = []
      return null
    } catch (error) {
      console.error('activities: storing the photos of a new activity failed', newId, stagedPhotos.value.length, error)
      return error ?? new Error('photos not stored')
    }
  }

  void load()
  return {
    values, errors, state, saving, templates, template: highlighted, pick, save, branch, members, branchId,
    stagedPhotos, addPhotos, removePhoto, photosBusy: photos.busy,
    /** Saving would cancel an activity that was not cancelled (the form asks first). */
    cancels: () => values.status === 'cancelled' && stored !== null && stored.status !== 'cancelled',
    fallbackStart: () => values.starts_at ?? toShanghaiIso(new Date()),
  }
}

export type ActivityForm = ReturnType<typeof useActivityForm>
