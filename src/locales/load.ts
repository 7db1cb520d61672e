// The messages as the app loads them: Chinese (the default) in the first bundle, English in chunks of its own,
// fetched when chosen (and precached by the service worker, so switching works offline). Tests and tools that
// want every language at once use ./index.
import type { Locale, Messages } from './index'

const zh = import.meta.glob<Messages>('./zh-CN/*.json', { eager: true, import: 'default' })
const en = import.meta.glob<Messages>('./en/*.json', { import: 'default' })

const namespace = (path: string) => /\/([^/]+)\.json$/.exec(path)?.[1] ?? path

/** The default language's messages, `<namespace>.…`. */
export const defaultMessages: Messages = Object.fromEntries(Object.entries(zh).map(([path, m]) => [namespace(path), m]))

/** Another language's messages, loaded on demand. */
export async function loadMessages(locale: Exclude<Locale, 'zh-CN'>): Promise<Messages> {
  const files = locale === 'en' ? en : {}
  const loaded = await Promise.all(Object.entries(files).map(async ([path, load]) => [namespace(path), await load()] as const))
  return Object.fromEntries(loaded)
}
