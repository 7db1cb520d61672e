// A flag that turns true `tasks` tasks after the component is mounted: what is not needed in the screen's first
// frame (the tab bar, the notices, filters, a detail sheet) is drawn in a task of its own instead of lengthening
// the first one (a long first task is what Lighthouse counts as blocking time on a slow phone).
import { type Ref, onMounted, ref } from 'vue'

export function useNextTask(tasks = 1): Readonly<Ref<boolean>> {
  const ready = ref(false)
  const wait = (left: number) => { setTimeout(() => { if (left > 1) wait(left - 1); else ready.value = true }, 0) }
  onMounted(() => { wait(tasks) })
  return ready
}
