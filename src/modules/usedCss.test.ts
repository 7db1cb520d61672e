// @vitest-environment happy-dom
// The first-paint snapshot keeps only the CSS that styles the page as it is: what it keeps and drops, in order.
import { beforeEach, describe, expect, it } from 'vitest'
import { matchableSelector, splitSelectors, usedCss } from './usedCss'

function sheet(css: string): CSSStyleSheet {
  const style = document.createElement('style')
  style.textContent = css
  document.head.appendChild(style)
  return style.sheet as CSSStyleSheet
}

describe('the CSS a snapshot keeps', () => {
  beforeEach(() => {
    document.head.innerHTML = ''
    document.body.innerHTML = '<div class="cell"><span class="icon arrow"></span></div>'
  })

  it('splits a selector list at its top-level commas only', () => {
    expect(splitSelectors('.a, .b:is(.c, .d), [title="x,y"], .e')).toEqual(['.a', '.b:is(.c, .d)', '[title="x,y"]', '.e'])
  })

  it('looks for an element without the pseudo-elements and states a rule is written for', () => {
    expect(matchableSelector('.cell:active::before')).toBe('.cell')
    expect(matchableSelector('.icon.arrow:before')).toBe('.icon.arrow')
    expect(matchableSelector('.cell:not(:last-child)')).toBe('.cell:not(:last-child)')
    expect(matchableSelector('::selection')).toBe('*')
  })

  it('keeps the rules that match the page, in order, inside their at-rules, and drops the rest', () => {
    const base = sheet([
      ':root { --gap: 4px; }',
      '.cell { padding: 1px; }',
      '.popup { display: none; }',
      '.icon.arrow::before { content: "a"; }',
      '.popup:hover, .cell:hover { color: red; }',
      '@media (min-width: 1px) { .popup { top: 0; } .cell { margin: 0; } }',
      '@media (min-width: 2px) { .popup { top: 1px; } }',
      '@keyframes spin { from { opacity: 0; } }',
      '@font-face { font-family: icons; src: url(/icons.woff2); }',
    ].join('\n'))
    const route = sheet('.cell .icon { width: 1em; } .dialog .icon { width: 2em; }')
    const kept = usedCss([base, route], document)
    const order = [':root', '.cell { padding', '.icon.arrow::before', '.cell:hover', '@media (min-width: 1px)', '@font-face', '.cell .icon']
    const at = order.map((text) => kept.indexOf(text))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect(at).toEqual([...at].sort((a, b) => a - b))
    expect(kept).toContain('.cell { margin: 0')
    for (const gone of ['display: none', 'top: 0', 'top: 1px', 'min-width: 2px', '@keyframes', '.dialog']) expect(kept).not.toContain(gone)
  })
})
