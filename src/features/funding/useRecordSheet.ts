// What the sheets of one money record share (an expense, a matching contribution): on opening, today is read again
// and the values filled from the record or for a new one; saving checks them first (the messages show, the sheet stays
// open), then adds or updates the record; deleting asks first. Texts come from the sheet's namespace
// (`<namespace>.add`, `.edit`, `.saved`, `.deleteTitle`, `.deleteConfirm`, `.deleted`), test ids from its name.
import { type Ref, computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { todayInShanghai } from '../../domain/shanghai'
import type { IsoDate } from '../../domain/types'
import { useSheetWrite } from './useSheetWrite'

type Errors<V> = Partial<Record<keyof V, string>>

export interface RecordSheet<R extends { id: string }, V extends object, F> {
  namespace: 'funding.expenses' | 'funding.matches'
  /** `<name>-form`, `<name>-save`, `<name>-delete`; and the record in a log line. */
  name: 'expense' | 'match'
  record: () => R | null
  /** The values of the record, or of a new one on `today`. */
  fill: (record: R | null, today: IsoDate) => V
  /** The messages' keys by field; empty when the values may be saved. */
  check: (values: V, today: IsoDate) => Errors<V>
  fields: (values: V, record: R | null) => F
  write: { add: (row: F & { id: string }) => Promise<unknown>; update: (id: string, fields: F) => Promise<unknown>; remove: (id: string) => Promise<unknown> }
}

export function useRecordSheet<R extends { id: string }, V extends object, F>(open: Ref<boolean>, o: RecordSheet<R, V, F>) {
  const { t } = useI18n()
  const today = ref(todayInShanghai(new Date()))
  const values = reactive(o.fill(null, today.value)) as V
  const errors = ref({}) as Ref<Errors<V>>
  const { saving, run, confirmRemove } = useSheetWrite(open, () => `the ${o.name} ${o.record()?.id ?? '(new)'}`)
  const err = (field: keyof V) => { const key = errors.value[field]; return key ? t(key) : '' }
  // FormSheet's props: the title, the save button and, for a stored record, 删除
  const frame = computed(() => ({
    title: t(`${o.namespace}.${o.record() ? 'edit' : 'add'}`), testid: `${o.name}-form`,
    action: t('funding.save'), actionTestid: `${o.name}-save`, saving: saving.value,
    remove: o.record() ? { text: t('funding.delete'), testid: `${o.name}-delete` } : null,
  }))

  watch(open, (isOpen) => {
    if (!isOpen) return
    today.value = todayInShanghai(new Date())
    Object.assign(values, o.fill(o.record(), today.value))
    errors.value = {}
  })

  function save() {
    errors.value = o.check(values, today.value)
    if (Object.keys(errors.value).length > 0) return
    const record = o.record()
    const fields = o.fields(values, record)
    void run(() => (record ? o.write.update(record.id, fields) : o.write.add({ id: crypto.randomUUID(), ...fields })), `${o.namespace}.saved`)
  }

  async function remove() {
    const record = o.record()
    if (!record) return
    await confirmRemove(`${o.namespace}.deleteTitle`, `${o.namespace}.deleteConfirm`, () => o.write.remove(record.id), `${o.namespace}.deleted`)
  }

  return { values, today, err, frame, save, remove }
}
