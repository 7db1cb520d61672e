// A submit that needs the server (signing in, 加入, 首次设置, 投诉建议, an invitation): refused up front without a
// network, busy while it runs, a failure said in words where the form shows it; the fields keep what was typed.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'

/** `offlineKey`: what to say without a network; `explain`: a failure in words. */
export function useOnlineSubmit(offlineKey: string, explain: (error: unknown) => string) {
  const { t } = useI18n()
  const busy = ref(false)
  const failure = ref('')

  async function submit(action: () => Promise<unknown>): Promise<void> {
    failure.value = ''
    if (!navigator.onLine) {
      failure.value = t(offlineKey)
      return
    }
    busy.value = true
    try {
      await action()
    } catch (error) {
      failure.value = explain(error)
    } finally {
      busy.value = false
    }
  }

  return { busy, failure, submit }
}
