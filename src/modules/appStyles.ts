// index.html's own stylesheets do not hold up the first paint (vite.config.ts, appStylesAfterFirstPaint): the build
// leaves their links in a <template>, and they are linked here, as the app's code starts to run, before the
// first-paint snapshot's CSS and in the build's order. The app mounts once they apply (main.ts), so its first screen
// is never drawn unstyled.

function linked(link: HTMLLinkElement, before: Node | null): Promise<void> {
  const applied = new Promise<void>((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true })
    link.addEventListener('error', () => resolve(), { once: true }) // unstyled rather than never started
  })
  document.head.insertBefore(link, before)
  return applied
}

function linkAppStyles(): Promise<void> {
  const template = document.getElementById('zb-app-css')
  if (!(template instanceof HTMLTemplateElement)) return Promise.resolve() // the dev server injects its own
  const before = document.getElementById('zb-snapshot-css')
  const links = [...template.content.querySelectorAll('link')].map((l) => document.importNode(l, true))
  template.remove()
  return Promise.all(links.map((link) => linked(link, before))).then(() => undefined)
}

/** Resolves once each of index.html's stylesheets is linked and loaded (or has failed). */
export const appStyles: Promise<void> = typeof document === 'undefined' ? Promise.resolve() : linkAppStyles()
