// Refusals as the screens explain them: the code a server function or GoTrue gave (the calls themselves: stores).

/** The server's refusal code: our functions put it in the hint, GoTrue in the code. */
export function refusalCode(error: unknown): string {
  const e = error as { hint?: string; code?: string }
  return e.hint || e.code || ''
}
