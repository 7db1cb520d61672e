// The bottom sheet of a picked field (a day, one of a list): it opens with the picker on the field's value, in the
// picker's columns, and 确定 reads the picked columns back into the value and closes it.
import { ref } from 'vue'

/** `start`: the columns the picker opens on; `pick`: the picked columns into the field's value. */
export function usePickerSheet(start: () => string[], pick: (columns: string[]) => void) {
  const open = ref(false)
  const selected = ref<string[]>([])

  function show() {
    selected.value = start()
    open.value = true
  }

  function confirm({ selectedValues }: { selectedValues: (string | number)[] }) {
    pick(selectedValues.map(String))
    open.value = false
  }

  return { open, selected, show, confirm }
}
