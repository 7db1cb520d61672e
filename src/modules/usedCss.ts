// The CSS a snapshot of the page needs, as text: of the given stylesheets, the style rules whose selectors match an
// element of the document now, inside the at-rules that hold them (@media, @supports, @layer …), in the sheets'
// order, so the kept rules cascade as they did. @font-face and other at-rules are kept whole; @keyframes are
// dropped (a snapshot is inert and still). A rule that cannot be tested is kept.

// pseudo-elements and states: a rule for `.a::before` or `.a:hover` is kept when `.a` matches
const PSEUDO = /::?(?:before|after|placeholder|first-line|first-letter|marker|selection|backdrop|-webkit-[\w-]+|-moz-[\w-]+)|:(?:hover|active|focus|focus-visible|focus-within|visited|link|target|checked|disabled|enabled)(?![\w-])/g

/** A selector list split at its top-level commas (not those inside `:is(…)`, `[a=","]` or quotes). */
export function splitSelectors(list: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote = ''
  let start = 0
  for (let i = 0; i < list.length; i++) {
    const c = list[i]
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue }
    if (c === '"' || c === "'") quote = c
    else if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (c === ',' && depth === 0) { out.push(list.slice(start, i).trim()); start = i + 1 }
  }
  out.push(list.slice(start).trim())
  return out.filter(Boolean)
}

/** The selector to look for in the document: `selector` without its pseudo-elements and states. */
export function matchableSelector(selector: string): string {
  return selector.replace(PSEUDO, '').trim() || '*'
}

function matchesSomething(selectorText: string, doc: Document): boolean {
  return splitSelectors(selectorText).some((selector) => {
    try {
      return doc.querySelector(matchableSelector(selector)) !== null
    } catch {
      return true // not testable here (a selector querySelector does not take): kept
    }
  })
}

function keptRules(rules: CSSRuleList, doc: Document, out: string[]): void {
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule) {
      if (matchesSomething(rule.selectorText, doc)) out.push(rule.cssText)
    } else if (rule instanceof CSSKeyframesRule) {
      continue
    } else if (rule instanceof CSSGroupingRule) {
      const inner: string[] = []
      keptRules(rule.cssRules, doc, inner)
      if (inner.length) out.push(`${rule.cssText.slice(0, rule.cssText.indexOf('{')).trim()} {\n${inner.join('\n')}\n}`)
    } else {
      out.push(rule.cssText)
    }
  }
}

/** The rules of `sheets` that style `doc` as it is now, as one stylesheet's text. */
export function usedCss(sheets: Iterable<CSSStyleSheet>, doc: Document): string {
  const out: string[] = []
  for (const sheet of sheets) {
    try {
      keptRules(sheet.cssRules, doc, out)
    } catch { /* not readable (another origin): the snapshot shows without it */ }
  }
  return out.join('\n')
}
