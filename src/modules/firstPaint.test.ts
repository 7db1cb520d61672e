// @vitest-environment happy-dom
// The first-paint snapshot: what is kept (no test ids, no ids, no notices, text escaped) and when index.html's
// inline scripts draw it (the remembered user's, today's, in the saved language, on 今日 only).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  FIRST_PAINT_CSS_KEY, FIRST_PAINT_HTML_KEY, FIRST_PAINT_KEY, clearSnapshot, releaseSnapshot, saveSnapshot, snapshotMarkup, type FirstPaint,
} from './firstPaint'

const html = readFileSync(join(__dirname, '..', '..', 'index.html'), 'utf8')
const inlineScripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '')
const today = new Date(Date.now() + 8 * 36e5).toISOString().slice(0, 10)

/** Runs index.html's inline script against the current localStorage. */
function coldStart(): string {
  document.head.innerHTML = ''
  document.documentElement.className = ''
  document.body.innerHTML = '<div id="app"></div><template id="zb-splash"><div class="zb-splash"></div></template>'
  for (const code of inlineScripts) new Function(code)()
  return document.getElementById('app')?.innerHTML ?? ''
}

function keep(over: Partial<FirstPaint> = {}): void {
  const stamp: FirstPaint = { v: 3, user: 'u1', date: today, lang: 'zh-CN', ...over }
  localStorage.setItem(FIRST_PAINT_HTML_KEY, '<main><p>due</p></main>')
  localStorage.setItem(FIRST_PAINT_CSS_KEY, '.x{color:red}')
  localStorage.setItem(FIRST_PAINT_KEY, JSON.stringify(stamp))
}

describe('the first-paint snapshot', () => {
  beforeEach(() => {
    localStorage.clear()
    localStorage.setItem('zhibu.user', JSON.stringify({ id: 'u1', email: 'a@b' }))
    history.replaceState(null, '', '/')
  })

  it('keeps markup without test ids, ids or notices, with text escaped', () => {
    const el = document.createElement('div')
    el.innerHTML = '<div class="van-notice-bar">update</div><div data-testid="due-list" id="x"><span data-testid="due-group">&lt;b&gt;</span></div>'
    const out = snapshotMarkup(el)
    expect(out).not.toContain('data-testid')
    expect(out).not.toContain('id="x"')
    expect(out).not.toContain('update')
    expect(out).toContain('data-snapshot-of="due-list"')
    expect(out).toContain('&lt;b&gt;')
  })

  it('saves #app for the user and clears it', () => {
    document.body.innerHTML = '<div id="app"><main><p data-testid="due-x">row</p></main></div>'
    saveSnapshot('u1', today, 'zh-CN')
    const kept = JSON.parse(localStorage.getItem(FIRST_PAINT_KEY) ?? '{}') as FirstPaint
    expect([kept.user, kept.date, kept.lang]).toEqual(['u1', today, 'zh-CN'])
    expect(localStorage.getItem(FIRST_PAINT_HTML_KEY)).toContain('data-snapshot-of="due-x"')
    clearSnapshot()
    for (const key of [FIRST_PAINT_KEY, FIRST_PAINT_HTML_KEY, FIRST_PAINT_CSS_KEY]) expect(localStorage.getItem(key)).toBeNull()
  })

  it('is drawn inert for the remembered user, today, on 今日', () => {
    keep()
    const app = coldStart()
    expect(app).toContain('data-snapshot')
    expect(app).toContain('inert')
    expect(app).toContain('<p>due</p>')
    expect(document.getElementById('zb-snapshot-css')?.textContent).toBe('.x{color:red}')
    // no splash under it (nothing laid out for a frame nobody sees), and the mark goes with the snapshot
    expect(app).not.toContain('zb-splash')
    expect(document.documentElement.classList.contains('zb-first-paint')).toBe(true)
    releaseSnapshot()
    expect(document.documentElement.classList.contains('zb-first-paint')).toBe(false)
  })

  it('is never drawn for another user, another day, another language or another screen', () => {
    for (const over of [{ user: 'u2' }, { date: '2000-01-01' }, { lang: 'en' }]) {
      keep(over)
      expect(coldStart()).toContain('zb-splash')
      expect(document.documentElement.classList.contains('zb-first-paint')).toBe(false)
    }
    keep()
    localStorage.removeItem('zhibu.user')
    expect(coldStart()).toContain('zb-splash')
    localStorage.setItem('zhibu.user', JSON.stringify({ id: 'u1', email: 'a@b' }))
    history.replaceState(null, '', '/activities')
    expect(coldStart()).toContain('zb-splash')
  })

  it('shows the splash when the markup is missing under a valid stamp, or the stamp is of an older format', () => {
    keep()
    localStorage.removeItem(FIRST_PAINT_HTML_KEY)
    expect(coldStart()).toContain('zb-splash')
    expect(document.documentElement.classList.contains('zb-first-paint')).toBe(false)
    keep({ v: 2 } as unknown as Partial<FirstPaint>)
    expect(coldStart()).toContain('zb-splash')
  })
})
