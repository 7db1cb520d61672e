// The first-paint snapshot of 今日: once the screen has drawn live rows, its markup (our own DOM, serialised — text
// is escaped by serialisation) and the CSS that styles it are kept in localStorage, each as plain text under a key of its
// own, with a small stamp (the user, the Shanghai date and the language) under a third. At the next cold start
// index.html's inline script parses only the stamp and puts the markup into #app (the CSS in a <style>) before any of
// the app's code has run, when it belongs to the remembered user, today and the saved language; it is `inert` and
// marked `data-snapshot`. Vue's
// mount replaces it, and the snapshot's 今日 part stays in <main> (SnapshotHold.vue) until the live rows are read.
// The snapshot has no data-testid (renamed data-snapshot-of) and no ids, so nothing can find or click a dead node.
import { ref } from 'vue'
import { usedCss } from './usedCss'

/** The localStorage keys of the stamp, the markup and the CSS; index.html's inline scripts read the same ones. */
export const FIRST_PAINT_KEY = 'zhibu.firstPaint'
export const FIRST_PAINT_HTML_KEY = 'zhibu.firstPaint.html'
export const FIRST_PAINT_CSS_KEY = 'zhibu.firstPaint.css'

/** The stamp: whose snapshot it is, of which day, in which language. */
export interface FirstPaint { v: 3; user: string; date: string; lang: string }

/** The snapshot's <main> content, when index.html drew one at this start; null once the live screen is in. */
export const heldSnapshot = ref<string | null>(appliedMain())

function appliedMain(): string | null {
  if (typeof document === 'undefined') return null
  return document.querySelector('#app > [data-snapshot] main')?.innerHTML ?? null
}

/**
 * The CSS the snapshot needs, all of it: index.html's stylesheets do not hold up its first paint (appStyles.ts), so
 * their rules are kept too, with the routes' — only those that style the page as it is (usedCss.ts).
 */
function snapshotCss(): string {
  const ours = [...document.styleSheets].filter((sheet) => sheet.href?.startsWith(`${location.origin}/assets/`)
    // the dev server puts each module's CSS in a <style> of its own
    || (sheet.ownerNode instanceof HTMLStyleElement && sheet.ownerNode.hasAttribute('data-vite-dev-id')))
  return usedCss(ours, document)
}

export function releaseSnapshot(): void {
  heldSnapshot.value = null
  // the route's own stylesheets are linked by now (a lazy route resolves after its CSS has loaded)
  if (typeof document === 'undefined') return
  document.getElementById('zb-snapshot-css')?.remove()
  document.documentElement.classList.remove('zb-first-paint', 'zb-icons-later')
}

/** Forgets the snapshot (sign-out, another user): it is never shown to anyone else. */
export function clearSnapshot(): void {
  releaseSnapshot()
  try {
    for (const key of [FIRST_PAINT_KEY, FIRST_PAINT_HTML_KEY, FIRST_PAINT_CSS_KEY]) localStorage.removeItem(key)
  } catch { /* storage unavailable: nothing was kept */ }
}

/** `el`'s markup without test ids, ids and notices (a notice is about that moment, not the next start). */
export function snapshotMarkup(el: Element): string {
  const copy = el.cloneNode(true) as Element
  for (const n of copy.querySelectorAll('.van-notice-bar')) n.remove()
  for (const n of [copy, ...copy.querySelectorAll('[data-testid], [id]')]) {
    const testId = n.getAttribute('data-testid')
    if (testId !== null) {
      n.removeAttribute('data-testid')
      n.setAttribute('data-snapshot-of', testId)
    }
    n.removeAttribute('id')
  }
  return copy.innerHTML
}

/** Keeps what #app shows now as the next start's first paint, for `user` on `date` in `lang`. */
export function saveSnapshot(user: string, date: string, lang: string): void {
  const app = document.getElementById('app')
  if (!app || !user || app.querySelector('[data-snapshot]')) return
  const stamp: FirstPaint = { v: 3, user, date, lang }
  try {
    // the stamp goes last: a start never finds it over another moment's markup, even if a write below fails
    localStorage.removeItem(FIRST_PAINT_KEY)
    localStorage.setItem(FIRST_PAINT_HTML_KEY, snapshotMarkup(app))
    // the CSS as text: index.html puts it in a <style>, so the snapshot waits for no fetch
    localStorage.setItem(FIRST_PAINT_CSS_KEY, snapshotCss())
    localStorage.setItem(FIRST_PAINT_KEY, JSON.stringify(stamp))
  } catch { /* full or unavailable: the next start draws without it */ }
}
