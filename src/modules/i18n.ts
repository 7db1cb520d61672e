import { createI18n } from 'vue-i18n'
import type { Locale } from '../locales'
import { defaultMessages, loadMessages } from '../locales/load'

export type { Locale } from '../locales'
const STORAGE_KEY = 'zhibu.locale'

export function savedLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

// Chinese is always there; another language is added when first chosen (ensureLocale) — main.ts waits for the
// saved one before mounting, so the first screen is already in it.
export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': defaultMessages } as never,
})

const loaded = new Set<Locale>(['zh-CN'])

async function ensureLocale(locale: Locale): Promise<void> {
  if (loaded.has(locale) || locale === 'zh-CN') return
  i18n.global.setLocaleMessage(locale, (await loadMessages(locale)) as never)
  loaded.add(locale)
}

/** Switches the UI language (loading it if needed) and remembers the choice. */
export async function setLocale(locale: Locale): Promise<void> {
  try {
    await ensureLocale(locale)
  } catch (error) {
    console.error('i18n: could not load', locale, error)
    return // stay in the current language rather than show keys
  }
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
