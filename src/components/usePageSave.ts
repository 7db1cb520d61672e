// What a page form does on 保存 (an activity, a pairing, a person): nothing is written on bad input and the first
// problem is toasted at the top (each stays under its field); a failed write is logged with its context and toasted
// (a full phone says so: saveError).
import { showToast } from 'vant'
import { useI18n } from 'vue-i18n'
import { saveErrorToast } from './saveError'

/** `context` names the screen in the log; `failedKey` is its own "could not save". */
export function usePageSave(context: string, failedKey: string) {
  const { t } = useI18n()

  /** `save` answers null when it refused the values, which `errors` then explain; `then` follows a saved record. */
  return async function submit<S>(save: () => Promise<S | null>, errors: () => Partial<Record<string, string>>,
    then: (saved: S) => unknown): Promise<void> {
    try {
      const saved = await save()
      if (!saved) {
        const first = Object.values(errors())[0]
        if (first) showToast({ message: t(first), position: 'top' })
        return
      }
      await then(saved)
    } catch (error) {
      console.error(`${context}: saving failed`, error)
      showToast(saveErrorToast(t, error, failedKey))
    }
  }
}
