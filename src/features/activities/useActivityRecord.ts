// The stored side of the activity form: an edit loads its row into the form; save checks the values and writes the
// row (with its outbox entry, in one transaction) through the activities store, and for a new activity its event
// key and the photos taken while it was written.
import { ref, type Ref } from 'vue'
import type { Activity } from '../../domain'
import { useActivitiesStore } from '../../stores/activities'
import type { useStagedPhotos } from './useStagedPhotos'
import {
  toActivityFields, toFormValues, validateActivity, type ActivityFields, type ActivityFormErrors, type ActivityFormValues,
} from './validate'

export interface SavedActivity {
  id: string
  status: ActivityFormValues['status']
  isNew: boolean
  /** False when a new activity's photos could not be stored (the activity is saved; the user is told). */
  photosStored: boolean
  photosError?: unknown
}

export interface ActivityRecordOptions {
  /** The activity being edited, or the id a new one will have. */
  id: string
  isNew: boolean
  values: ActivityFormValues
  errors: Ref<ActivityFormErrors>
  branchId: Ref<string | null>
  photos: ReturnType<typeof useStagedPhotos>
}

type Store = ReturnType<typeof useActivitiesStore>
type Stored = Pick<Activity, 'lecturer_name' | 'status'>

/** An edit's row put into the form, or why it cannot be. */
async function loadInto(store: Store, o: ActivityRecordOptions): Promise<{ state: 'ready' | 'notFound' | 'error'; row: Stored | null }> {
  try {
    const row = await store.activity(o.id)
    if (!row || row.deleted_at) return { state: 'notFound', row: null }
    Object.assign(o.values, toFormValues(row))
    return { state: 'ready', row }
  } catch (error) {
    console.error('activities: loading the activity to edit failed', o.id, error)
    return { state: 'error', row: null }
  }
}

async function recordNew(store: Store, o: ActivityRecordOptions, fields: ActivityFields, branchId: string): Promise<SavedActivity> {
  await store.record({ id: o.id, branch_id: branchId, ...fields, received_at: null }, [])
  // the event code's key is made now, on this device, so the code can be shown offline (SPEC §6); the code
  // screen makes one too if this fails, so a failure here only costs a log line
  await store.ensureEventKey(o.id, branchId)
    .catch((error: unknown) => console.error('activities: event key not stored', o.id, error))
  const photosError = await o.photos.storeStaged()
  return { id: o.id, status: fields.status, isNew: true, photosStored: photosError === null, photosError }
}

export function useActivityRecord(o: ActivityRecordOptions) {
  const store = useActivitiesStore()
  const state = ref<'loading' | 'ready' | 'notFound' | 'error'>(o.isNew ? 'ready' : 'loading')
  const saving = ref(false)
  let stored: Stored | null = null

  /** Checks and writes; returns what was saved, or null when the values are invalid (errors say why). */
  async function save(): Promise<SavedActivity | null> {
    o.errors.value = validateActivity(o.values)
    if (Object.keys(o.errors.value).length > 0) return null
    if (!o.branchId.value) throw new Error('no branch')
    saving.value = true
    try {
      const fields = toActivityFields(o.values, stored)
      if (o.isNew) return await recordNew(store, o, fields, o.branchId.value)
      await store.update(o.id, fields)
      return { id: o.id, status: fields.status, isNew: false, photosStored: true }
    } finally {
      saving.value = false
    }
  }

  if (!o.isNew) {
    void loadInto(store, o).then(({ state: loaded, row }) => {
      stored = row
      state.value = loaded
    })
  }
  return {
    state, saving, save,
    /** Saving would cancel an activity that was not cancelled (the form asks first). */
    cancels: () => o.values.status === 'cancelled' && stored !== null && stored.status !== 'cancelled',
  }
}
