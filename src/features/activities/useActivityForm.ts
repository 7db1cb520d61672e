// The state behind the activity form: a template fills it for a new activity, a stored row for an edit. What is in
// it comes from useTemplateFill (new) and useActivityRecord (load and save); the photos of a new one from useStagedPhotos.
import { computed, reactive, ref } from 'vue'
import { useSessionStore } from '../../stores/session'
import { toShanghaiIso } from './datetime'
import { DEFAULT_TEMPLATE, type TemplateName } from './templates'
import { useActivityRecord } from './useActivityRecord'
import { useBranchData } from '../../components/useBranchData'
import { useStagedPhotos } from './useStagedPhotos'
import { defaultHost, useTemplateFill } from './useTemplateFill'
import { emptyFormValues, type ActivityFormErrors, type ActivityFormValues } from './validate'

export interface ActivityFormOptions {
  /** The activity being edited; null for a new one. */
  id: string | null
  template?: TemplateName
  /** Preselected group for a group meeting (?group=). */
  groupId?: string | null
}

export function useActivityForm(opts: ActivityFormOptions) {
  const session = useSessionStore()
  const branchId = computed(() => session.branchId)
  const branch = useBranchData(branchId)
  const values = reactive<ActivityFormValues>(emptyFormValues())
  const errors = ref<ActivityFormErrors>({})
  const members = computed(() => (branch.people.data.value ?? []).filter((p) => !p.left_branch_on))
  const isNew = opts.id === null
  // a new activity has its id from the start, so photos taken before saving already belong to it
  const id = opts.id ?? crypto.randomUUID()
  const photos = useStagedPhotos(isNew ? id : null)
  const record = useActivityRecord({ id, isNew, values, errors, branchId, photos })
  const fill = useTemplateFill(values, branch, branchId, { isNew, groupId: opts.groupId ?? null })
  const pick = (name: TemplateName) => {
    fill.pick(name)
    errors.value = {}
  }
  if (isNew) {
    defaultHost(values, members)
    pick(opts.template ?? DEFAULT_TEMPLATE)
  }
  return {
    values, errors, ...record, templates: fill.templates, template: fill.template, pick, branch, members, branchId,
    stagedPhotos: photos.staged, addPhotos: photos.add, removePhoto: photos.remove, photosBusy: photos.busy,
    fallbackStart: () => values.starts_at ?? toShanghaiIso(new Date()),
  }
}

export type ActivityForm = ReturnType<typeof useActivityForm>
