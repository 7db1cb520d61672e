// Refusals as the screens explain them: the code a server function or GoTrue gave (the calls themselves: stores).
import { useI18n } from 'vue-i18n'

/** The server's refusal code: our functions put it in the hint, GoTrue in the code. */
export function refusalCode(error: unknown): string {
  const e = error as { hint?: string; code?: string }
  return e.hint || e.code || ''
}

/** A refusal in the user's words: `<namespace>.<code>` of the first namespace that has it, else errors.unknown. */
export function useRefusalText(...namespaces: string[]): (error: unknown) => string {
  const { t, te } = useI18n()
  return (error) => {
    const code = refusalCode(error)
    const key = namespaces.map((namespace) => `${namespace}.${code}`).find((k) => te(k))
    return t(key ?? 'errors.unknown')
  }
}
