// A flag that turns true in the task after the component is mounted: what is not needed in the screen's first
// frame (the tab bar, the notices, a detail sheet) is drawn in a task of its own instead of lengthening the first
// one (a long first task is what Lighthouse counts as blocking time on a slow phone).
import { type Ref, onMounted, ref } from 'vue'

export function useNextTask(): Readonly<Ref<boolean>> {
  const ready = ref(false)
  onMounted(() => { setTimeout(() => { ready.value = true }, 0) })
  return ready
}
