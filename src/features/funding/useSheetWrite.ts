// What the funding sheets share when they write: a busy flag, the sheet closing with a toast that says whether
// the change is on the server yet, a logged error that keeps the sheet open, and a confirmed delete.
import { type Ref, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { showConfirmDialog, showToast } from 'vant'
import { saveErrorToast } from '../../components/saveError'

export function useSheetWrite(open: Ref<boolean>, what: () => string) {
  const { t } = useI18n()
  const saving = ref(false)

  /** Runs the write; on success closes the sheet and toasts `done` (or "saved on this phone" offline). */
  async function run(action: () => Promise<unknown>, done: string): Promise<void> {
    saving.value = true
    try {
      await action()
      open.value = false
      showToast({ message: t(navigator.onLine ? done : 'funding.savedOffline'), icon: 'success', duration: 1500 })
    } catch (error) {
      console.error(`funding: saving ${what()} failed`, error)
      showToast(saveErrorToast(t, error, 'funding.saveFailed'))
    } finally {
      saving.value = false
    }
  }

  /** Asks before deleting; runs the write only on yes. */
  async function confirmRemove(titleKey: string, messageKey: string, action: () => Promise<unknown>, done: string): Promise<void> {
    const sure = await showConfirmDialog({
      title: t(titleKey), message: t(messageKey), confirmButtonText: t('funding.delete'), cancelButtonText: t('common.cancel'),
    }).then(() => true, () => false)
    if (sure) await run(action, done)
  }

  return { saving, run, confirmRemove }
}
