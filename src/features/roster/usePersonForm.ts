// The state behind the person form: an empty one for /roster/new, the stored row for /roster/:id; save validates,
// then writes through the people repo (row + outbox in one transaction). Steps along the path and transfers
// write at once and are folded into the form, so unsaved edits of other fields stay on screen.
import { computed, ref, watch } from 'vue'
import { todayInShanghai, type Person } from '../../domain'
import { type Local, useRosterStore } from '../../stores/roster'
import { useSessionStore } from '../../stores/session'
import { useLiveData } from '../../components/useLiveData'
import { useRosterData } from './useRosterData'
import {
  emptyPersonValues, stepFields, toPersonFields, toPersonValues, validatePerson, type PersonErrors, type PersonFormValues,
} from '../../domain/people'

export function usePersonForm(id: string | null) {
  const session = useSessionStore()
  const store = useRosterStore()
  const branchId = computed(() => session.branchId)
  const roster = useRosterData(branchId)
  const values = ref<PersonFormValues>(emptyPersonValues())
  const errors = ref<PersonErrors>({})
  const saving = ref(false)
  const loaded = ref(id === null)

  const stored = useLiveData<Local<Person> | null>(async () => (id ? store.person(id) : null), [], 'roster: person')
  const state = computed<'loading' | 'ready' | 'notFound' | 'error'>(() => {
    if (!id) return 'ready'
    if (stored.error.value) return 'error'
    if (stored.loading.value) return 'loading'
    const row = stored.data.value
    return !row || row.deleted_at || row.branch_id !== branchId.value ? 'notFound' : 'ready'
  })
  // the form takes the stored row once; later changes (sync, steps) must not overwrite what the user types
  watch(() => stored.data.value, (row) => {
    if (row && !loaded.value) {
      values.value = toPersonValues(row)
      loaded.value = true
    }
  }, { immediate: true })

  const today = () => todayInShanghai(new Date())

  /** Validates and writes; returns the person's id, or null when the input is invalid (nothing written). */
  async function save(): Promise<string | null> {
    const row = stored.data.value
    errors.value = validatePerson(values.value, { today: today(), originalStatus: row?.party_status ?? null, leftBranchOn: row?.left_branch_on ?? null })
    if (Object.keys(errors.value).length > 0) return null
    if (!branchId.value) throw new Error('no branch')
    saving.value = true
    try {
      const fields = toPersonFields(values.value)
      if (id) {
        await store.updatePerson(id, fields)
        return id
      }
      const newId = crypto.randomUUID()
      await store.addPerson({ id: newId, branch_id: branchId.value, ...fields, left_branch_on: null })
      return newId
    } finally {
      saving.value = false
    }
  }

  /** One step along the path, written at once (already validated by the sheet). */
  async function step(on: string): Promise<void> {
    const row = stored.data.value
    if (!id || !row) return
    const fields = stepFields(row, on)
    await store.updatePerson(id, fields)
    Object.assign(values.value, fields)
  }

  /** 转出 on a day (null: undo a transfer made by mistake). Never a deletion. */
  async function transfer(on: string | null): Promise<void> {
    if (id) await store.updatePerson(id, { left_branch_on: on })
  }

  return { values, errors, saving, state, stored, roster, save, step, transfer, today }
}

export type PersonForm = ReturnType<typeof usePersonForm>
