// What 首次设置 and 加入 do on submit: online only, sign up (or in) with the account fields, claim what the code
// grants, and land on the user's home; a refusal is explained under the form and the fields keep what was typed.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { homeFor } from '../../modules/home'
import { useAccountStore } from '../../stores/account'
import { useSessionStore } from '../../stores/session'

/** `offlineKey`: what to say without a network; `explain`: a refusal in words. */
export function useAccountClaim(offlineKey: string, explain: (error: unknown) => string) {
  const { t } = useI18n()
  const router = useRouter()
  const session = useSessionStore()
  const account = useAccountStore()
  const email = ref('')
  const password = ref('')
  const confirm = ref('')
  const busy = ref(false)
  const failure = ref('')

  async function submit(claim: () => Promise<unknown>) {
    failure.value = ''
    if (!navigator.onLine) {
      failure.value = t(offlineKey)
      return
    }
    busy.value = true
    try {
      await account.signUpOrIn(email.value, password.value)
      await claim()
      await router.replace(homeFor(session))
    } catch (error) {
      failure.value = explain(error)
    } finally {
      busy.value = false
    }
  }

  return { account, email, password, confirm, busy, failure, submit }
}
