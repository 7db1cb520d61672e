// The messages, one JSON file per namespace and language: src/locales/<locale>/<namespace>.json becomes
// `<namespace>.…` keys. A screen's strings live in its own file, so features can be added side by side.
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export type Messages = Record<string, unknown>

const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' })

function messagesOf(locale: Locale): Messages {
  const out: Messages = {}
  for (const [path, messages] of Object.entries(files)) {
    const [, dir, ns] = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? []
    if (dir === locale && ns) out[ns] = messages
  }
  return out
}

export const messages: Record<Locale, Messages> = { 'zh-CN': messagesOf('zh-CN'), en: messagesOf('en') }
