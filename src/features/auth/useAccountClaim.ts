// What 首次设置 and 加入 do on submit: online only, sign up (or in) with the account fields, claim what the code
// grants, and land on the user's home; a refusal is explained under the form and the fields keep what was typed.
import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { homeFor } from '../../modules/home'
import { useAccountStore } from '../../stores/account'
import { useSessionStore } from '../../stores/session'
import { useOnlineSubmit } from '../../components/useOnlineSubmit'

/** `offlineKey`: what to say without a network; `explain`: a refusal in words. */
export function useAccountClaim(offlineKey: string, explain: (error: unknown) => string) {
  const router = useRouter()
  const session = useSessionStore()
  const account = useAccountStore()
  const email = ref('')
  const password = ref('')
  const confirm = ref('')
  const { busy, failure, submit: online } = useOnlineSubmit(offlineKey, explain)

  const submit = (claim: () => Promise<unknown>) => online(async () => {
    await account.signUpOrIn(email.value, password.value)
    await claim()
    await router.replace(homeFor(session))
  })

  return { account, email, password, confirm, busy, failure, submit }
}
